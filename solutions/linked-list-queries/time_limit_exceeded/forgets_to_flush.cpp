// The right walk, but queries are printed without flushing: they stay in the program's
// output buffer, the interactor waits for them, the program waits for the answer, and
// both wait until the wall-clock limit.
// Caught by sample/1 (TLE at the wall-clock limit).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>
int main() {
    char at[8], next[8];
    long budget, data;
    if (scanf("%7s %ld", at, &budget) != 2) return 1;
    std::vector<std::pair<long, long>> stack;
    while (strcmp(at, "-1") != 0) {
        printf("? %s\n", at);  // no fflush: stdout to a pipe is fully buffered
        if (scanf("%ld %7s", &data, next) != 2) return 1;
        stack.push_back({atol(at), data});
        strcpy(at, next);
    }
    printf("! %zu\n", stack.size());
    for (size_t i = stack.size(); i-- > 0;) printf("%05ld %ld\n", stack[i].first, stack[i].second);
}
