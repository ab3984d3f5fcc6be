// Benchmark interactor (Kattis protocol: input answer feedback_dir): tells the submission N
// (from the input file), answers every "? i" with i + 1, accepts "! N".
#include <cstdio>
#include <cstring>
int main(int argc, char **argv) {
    if (argc < 2) return 2;
    FILE *in = fopen(argv[1], "r");
    long n, i;
    char op[4];
    if (!in || fscanf(in, "%ld", &n) != 1) return 2;
    printf("%ld\n", n);
    fflush(stdout);
    while (scanf("%3s %ld", op, &i) == 2) {
        if (!strcmp(op, "!")) return i == n ? 42 : 43;
        printf("%ld\n", i + 1);
        fflush(stdout);
    }
    return 43;
}
