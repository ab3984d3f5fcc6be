// Interactor of linked-list-queries. The test input (never shown to the submission) is
// `H N Q` and N node lines `Address Data Next`. The submission gets `H Q`, may ask
// `? A` for a node (answered `Data Next`) at most Q times, and must then print `! k`
// and the k nodes of the list from the last to the first as `Address Data`.
// Exit 42: accepted; 43: wrong answer, with the reason in judgemessage.txt.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

static std::string feedback_dir;

static int reject(const std::string &why) {
    FILE *f = fopen((feedback_dir + "judgemessage.txt").c_str(), "w");
    if (f) { fprintf(f, "%s\n", why.c_str()); fclose(f); }
    return 43;
}

static std::string address(long a) {
    char buf[16];
    if (a < 0) return "-1";
    snprintf(buf, sizeof buf, "%05ld", a);
    return buf;
}

// A five-digit address token, or -1 (null), or -2 if it is neither.
static long parse_address(const char *t) {
    if (!strcmp(t, "-1")) return -1;
    if (strlen(t) != 5) return -2;
    for (int i = 0; i < 5; i++) if (t[i] < '0' || t[i] > '9') return -2;
    return atol(t);
}

int main(int argc, char **argv) {
    if (argc < 4) return 2;
    feedback_dir = argv[3];
    FILE *in = fopen(argv[1], "r");
    long head, n, budget;
    if (!in || fscanf(in, "%ld %ld %ld", &head, &n, &budget) != 3) return 2;
    std::vector<long> data(100000), next(100000, -3);  // next -3: no node at this address
    for (long i = 0; i < n; i++) {
        long a, d, b;
        if (fscanf(in, "%ld %ld %ld", &a, &d, &b) != 3) return 2;
        data[a] = d;
        next[a] = b;
    }
    std::vector<long> list;  // the list's addresses, head first
    for (long a = head; a != -1; a = next[a]) list.push_back(a);

    printf("%s %ld\n", address(head).c_str(), budget);
    fflush(stdout);
    char token[64];
    for (long queries = 0;;) {
        if (scanf("%63s", token) != 1) return reject("the submission ended without printing its answer (`! k`)");
        if (!strcmp(token, "?")) {
            if (scanf("%63s", token) != 1) return reject("`?` without an address");
            long a = parse_address(token);
            if (a == -1) return reject("asked for -1: that is null, the list had already ended (read past the end)");
            if (a == -2) return reject(std::string("asked for `") + token + "`: an address has five digits");
            if (next[a] == -3) return reject("asked for " + address(a) + ": no node has that address");
            if (++queries > budget)
                return reject("more than " + std::to_string(budget) + " queries: walk the list only once");
            printf("%ld %s\n", data[a], address(next[a]).c_str());
            fflush(stdout);
            continue;
        }
        if (strcmp(token, "!")) return reject(std::string("expected `?` or `!`, got `") + token + "`");
        long k;
        if (scanf("%ld", &k) != 1) return reject("`!` without the number of nodes");
        if (k != (long)list.size())
            return reject("the list has " + std::to_string(list.size()) + " nodes, the answer says " + std::to_string(k));
        for (long i = 0; i < k; i++) {
            long expected = list[list.size() - 1 - i], d;
            if (scanf("%63s %ld", token, &d) != 2) return reject("answer line " + std::to_string(i + 1) + " is missing");
            if (parse_address(token) != expected || d != data[expected])
                return reject("answer line " + std::to_string(i + 1) + ": expected `" + address(expected) + " " +
                              std::to_string(data[expected]) + "`, got `" + token + " " + std::to_string(d) + "`");
        }
        if (scanf("%63s", token) == 1) return reject("more output after the answer");
        return 42;
    }
}
