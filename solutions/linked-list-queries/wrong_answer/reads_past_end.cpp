// Asks for the next node before checking whether the walk is over: after the last node
// it asks for `-1`, which is null (reading past the end of the list).
// Caught by sample/1 (the interactor rejects the query `? -1`).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>
int main() {
    char at[8], next[8];
    long budget, data;
    if (scanf("%7s %ld", at, &budget) != 2) return 1;
    std::vector<std::pair<long, long>> stack;
    for (;;) {
        printf("? %s\n", at);  // wrong: `at` may be -1 here
        fflush(stdout);
        if (scanf("%ld %7s", &data, next) != 2) return 0;  // the interactor has rejected and left
        stack.push_back({atol(at), data});
        strcpy(at, next);  // and back to the query, without asking whether `next` is -1
    }
}
