// Walk the list once from the head, one query per node, pushing (address, data) on a
// stack; then print the stack from the top: the last node first.
// O(k) queries (the budget's minimum), O(k) time and memory.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>
int main() {
    char head[8], at[8], next[8];
    long budget, data;
    if (scanf("%7s %ld", head, &budget) != 2) return 1;
    std::vector<std::pair<long, long>> stack;  // (address, data)
    strcpy(at, head);
    while (strcmp(at, "-1") != 0) {
        printf("? %s\n", at);
        fflush(stdout);  // the interactor waits for the whole line
        if (scanf("%ld %7s", &data, next) != 2) return 1;
        stack.push_back({atol(at), data});
        strcpy(at, next);
    }
    printf("! %zu\n", stack.size());
    for (size_t i = stack.size(); i-- > 0;) printf("%05ld %ld\n", stack[i].first, stack[i].second);
    fflush(stdout);
}
