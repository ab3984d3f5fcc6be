/*
 * The run server: started once per judge worker (inside bubblewrap when the run
 * is isolated), it starts one program per request and reports how it ended.
 * Keeping it alive between runs is what makes a sandboxed run cost about as much
 * as a bare fork+exec: namespaces are set up once per worker, not once per test.
 *
 * Usage: runner SOCKET_FD [--own-pid-namespace]
 * With --own-pid-namespace (inside bubblewrap, which grants CAP_SYS_ADMIN in the
 * sandbox's user namespace for this) the server first moves into a PID namespace of
 * its own, where it is init, and drops every capability. Programs then run in that
 * namespace: they cannot see or signal the server (init ignores signals from its
 * namespace), cannot read its memory (it is not dumpable), and kill(-1) after a run
 * reaches exactly the run's leftovers.
 *
 * Protocol, on the SOCK_SEQPACKET socket:
 *   request: one message holding NUL-terminated items, each a one-letter kind and
 *            a value, plus three file descriptors (stdin, stdout, stderr):
 *              a<arg>   argv, in order          e<NAME=value>  environment
 *              d<dir>   working directory       g<file>        a cgroup.procs file to join
 *              r<res>:<value>  an rlimit (soft = hard)
 *              t<ms>    CPU limit               w<ms>          wall-clock limit
 *              u<file>  the cgroup's CPU counter (cpuacct.usage in ns, or cpu.stat)
 *              k1       kill every other process in this PID namespace after the run
 *              c<dir>   empty this folder after the run (the sandbox's /box, /tmp, /dev/shm) ...
 *              p<name>  ... except these entries of them (mount points of binds below them)
 *              n<id>    the request's id, echoed in the reply
 *   reply:   "ok <id> <wait status> <user us> <sys us> <max rss KiB> <wall us> <none|cpu|wall>"
 *            or "err <id> <message>".
 * The child joins the cgroups and sets its rlimits itself, between fork and exec,
 * so nothing of the server or of bubblewrap is counted against the program.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_MSG 262144
#define MAX_ITEMS 4096
#define STEP_NS 20000000L /* how often the CPU counter is read: 20 ms */

static char msg[MAX_MSG];
static char *argv_[MAX_ITEMS], *envp_[MAX_ITEMS], *cgroups_[16], *keep_[64], *scratch_[8];
static int rl_res[32];
static rlim_t rl_val[32];

static long long now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* CPU of the run in microseconds: the cgroup counter if given, else /proc of the main process. */
static long long cpu_us(const char *counter, pid_t pid) {
    char buf[4096];
    if (counter) {
        int fd = open(counter, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            ssize_t n = read(fd, buf, sizeof buf - 1);
            close(fd);
            if (n > 0) {
                buf[n] = 0;
                if (buf[0] >= '0' && buf[0] <= '9') return atoll(buf) / 1000; /* v1: ns */
                char *p = strstr(buf, "usage_usec ");                          /* v2: cpu.stat */
                if (p) return atoll(p + 11);
            }
        }
        return 0;
    }
    snprintf(buf, sizeof buf, "/proc/%d/stat", (int)pid);
    int fd = open(buf, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return 0;
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return 0;
    long long ticks = 0, v;
    int field = 2; /* p points just after field 2 (comm) */
    for (char *tok = strtok(p + 1, " "); tok; tok = strtok(NULL, " ")) {
        field++;
        if (field >= 14 && field <= 17) { v = atoll(tok); ticks += v; }
        if (field > 17) break;
    }
    return ticks * 1000000LL / sysconf(_SC_CLK_TCK);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st; (void)ftw;
    if (flag == FTW_DP) rmdir(path); else unlink(path);
    return 0;
}

/* Remove everything in dir except the entries named in keep (mount points of binds below it). */
static void clean(const char *dir, int nkeep) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    char path[4096];
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        int keep = 0;
        for (int i = 0; i < nkeep; i++) keep |= !strcmp(e->d_name, keep_[i]);
        if (keep) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
    }
    closedir(d);
}

static void reply(int sock, const char *id, const char *kind, const char *text) {
    char out[1024];
    snprintf(out, sizeof out, "%s %s %s", kind, id, text);
    send(sock, out, strlen(out), MSG_NOSIGNAL);
}

/* Become init of a new PID namespace, without capabilities; the caller stays outside and
   only waits. Returns in the new init; exits in the caller. */
static void enter_own_pid_namespace(void) {
    if (unshare(CLONE_NEWPID) != 0) { perror("runner: unshare(CLONE_NEWPID)"); exit(3); }
    pid_t init = fork();
    if (init < 0) { perror("runner: fork"); exit(3); }
    if (init > 0) { /* the outer process: no more than a waiter */
        int status;
        prctl(PR_SET_DUMPABLE, 0);
        while (waitpid(init, &status, 0) < 0 && errno == EINTR) {}
        exit(WIFEXITED(status) ? WEXITSTATUS(status) : 3);
    }
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct none[2];
    memset(none, 0, sizeof none);
    if (syscall(SYS_capset, &hdr, none) != 0) { perror("runner: capset"); exit(3); }
}

static void child(int fds[3], const char *cwd, int ncg, int nrl, int errfd) {
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    signal(SIGPIPE, SIG_DFL);
    setsid();
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    for (int i = 0; i < ncg; i++) {
        int fd = open(cgroups_[i], O_WRONLY | O_CLOEXEC);
        if (fd < 0 || write(fd, "0", 1) != 1) goto fail;
        close(fd);
    }
    for (int i = 0; i < nrl; i++) {
        struct rlimit r = {rl_val[i], rl_val[i]};
        if (setrlimit(rl_res[i], &r) != 0) goto fail;
    }
    for (int i = 0; i < 3; i++)
        if (dup2(fds[i], i) < 0) goto fail;
    if (cwd && chdir(cwd) != 0) goto fail;
    execve(argv_[0], argv_, envp_);
fail:;
    int e = errno;
    if (write(errfd, &e, sizeof e) < 0) _exit(127);
    _exit(127);
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s SOCKET_FD [--own-pid-namespace] (started by the judge, not by hand)\n", argv[0]);
        return 2;
    }
    const int sock = atoi(argv[1]);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (argc == 3 && !strcmp(argv[2], "--own-pid-namespace")) enter_own_pid_namespace();
    prctl(PR_SET_DUMPABLE, 0); /* no ptrace, no /proc/<pid>/mem, no pidfd_getfd by the programs */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);

    for (;;) {
        while (waitpid(-1, NULL, WNOHANG | __WALL) > 0) {} /* leftovers of the previous run */

        char cbuf[CMSG_SPACE(3 * sizeof(int))];
        struct iovec iov = {msg, sizeof msg - 1};
        struct msghdr mh = {0};
        mh.msg_iov = &iov;
        mh.msg_iovlen = 1;
        mh.msg_control = cbuf;
        mh.msg_controllen = sizeof cbuf;
        ssize_t n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
        if (n <= 0) return 0; /* the judge went away */
        msg[n] = 0;
        int fds[3] = {-1, -1, -1};
        struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
        if (cm && cm->cmsg_type == SCM_RIGHTS && cm->cmsg_len == CMSG_LEN(3 * sizeof(int)))
            memcpy(fds, CMSG_DATA(cm), sizeof fds);
        if (fds[0] < 0) { reply(sock, "-", "err", "no file descriptors"); continue; }

        int na = 0, ne = 0, ncg = 0, nrl = 0, kill_ns = 0, nkeep = 0, nscratch = 0;
        long long cpu_limit_us = 0, wall_limit_us = 0;
        const char *cwd = NULL, *counter = NULL, *id = "-";
        for (char *p = msg; p < msg + n; p += strlen(p) + 1) {
            char *v = p + 1;
            switch (p[0]) {
            case 'a': if (na < MAX_ITEMS - 1) argv_[na++] = v; break;
            case 'e': if (ne < MAX_ITEMS - 1) envp_[ne++] = v; break;
            case 'd': cwd = v; break;
            case 'g': if (ncg < 16) cgroups_[ncg++] = v; break;
            case 'r': if (nrl < 32) { rl_res[nrl] = atoi(v); rl_val[nrl++] = strtoull(strchr(v, ':') + 1, NULL, 10); } break;
            case 't': cpu_limit_us = atoll(v) * 1000; break;
            case 'w': wall_limit_us = atoll(v) * 1000; break;
            case 'u': counter = v; break;
            case 'k': kill_ns = 1; break;
            case 'c': if (nscratch < 8) scratch_[nscratch++] = v; break;
            case 'n': id = v; break;
            case 'p': if (nkeep < 64) keep_[nkeep++] = v; break;
            }
        }
        argv_[na] = NULL;
        envp_[ne] = NULL;
        if (na == 0) { reply(sock, id, "err", "empty argv"); goto next; }

        int errpipe[2];
        if (pipe2(errpipe, O_CLOEXEC) != 0) { reply(sock, id, "err", "pipe failed"); goto next; }
        long long cpu0 = counter ? cpu_us(counter, 0) : 0;
        long long start = now_us();
        pid_t pid = fork();
        if (pid < 0) { reply(sock, id, "err", "fork failed"); close(errpipe[0]); close(errpipe[1]); goto next; }
        if (pid == 0) { close(sock); close(errpipe[0]); child(fds, cwd, ncg, nrl, errpipe[1]); }
        close(errpipe[1]);
        int e = 0;
        if (read(errpipe[0], &e, sizeof e) == sizeof e) { /* the program never started */
            close(errpipe[0]);
            waitpid(pid, NULL, 0);
            char text[512];
            snprintf(text, sizeof text, "cannot start %s: %s", argv_[0], strerror(e));
            reply(sock, id, "err", text);
            goto next;
        }
        close(errpipe[0]);

        const char *reason = "none";
        for (;;) {
            siginfo_t si = {0};
            if (waitid(P_PID, pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid) break;
            long long elapsed = now_us() - start;
            if (wall_limit_us && elapsed >= wall_limit_us) { reason = "wall"; break; }
            if (cpu_limit_us && cpu_us(counter, pid) - cpu0 > cpu_limit_us) { reason = "cpu"; break; }
            long long left = wall_limit_us ? (wall_limit_us - elapsed) * 1000 : STEP_NS;
            struct timespec ts = {0, left < STEP_NS ? left : STEP_NS};
            sigtimedwait(&chld, NULL, &ts);
        }
        long long wall = now_us() - start;
        kill(-pid, SIGKILL);
        if (kill_ns) kill(-1, SIGKILL); /* every process of this namespace but us and its init */
        int status = 0;
        struct rusage ru = {0};
        wait4(pid, &status, __WALL, &ru);
        if (kill_ns)
            while (waitpid(-1, NULL, __WALL) > 0) {}
        for (int i = 0; i < nscratch; i++) clean(scratch_[i], nkeep);
        char text[256];
        snprintf(text, sizeof text, "%d %lld %lld %ld %lld %s", status,
                 (long long)ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec,
                 (long long)ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec, ru.ru_maxrss, wall, reason);
        reply(sock, id, "ok", text);
    next:
        for (int i = 0; i < 3; i++) if (fds[i] >= 0) close(fds[i]);
    }
}
