/*
 * The run server: started once per judge worker (inside bubblewrap when the run
 * is isolated), it starts one program per request and reports how it ended.
 * Keeping it alive between runs is what makes a sandboxed run cost about as much
 * as a bare fork+exec: the sandbox is set up once per worker, not once per test.
 * docs/sandbox.md gives the threat model and what each step below guarantees.
 *
 *   runner SOCKET_FD [--isolated] [--seccomp-fd N] [--cgroup-fd N]... [--cpu-fd N]
 *          [--scratch DIR:MODE]... [--scratch-bytes N]
 *   runner --launch UID GID STAGE SOURCE... -- PROGRAM ARG...
 *
 * Serving. --isolated: the server is pid 1 of the sandbox's PID namespace
 * (bubblewrap --as-pid-1) and holds CAP_SYS_ADMIN in the sandbox's user
 * namespace, which maps to an unprivileged user outside. It is not dumpable: a
 * program sees its pid and command line (no host path) in /proc, but cannot read
 * its memory, environment or descriptors, trace it or signal it. Each run is a
 * process the server forks before the request comes (once the previous run is over, while
 * the judge reads its result): it enters a new mount and IPC namespace, mounts fresh tmpfs
 * folders on every --scratch DIR (/box, /tmp, /dev/shm), then reads the request itself,
 * tells the server its id and limits, and drops every capability: each run starts from
 * nothing, and whatever it leaves dies with its namespaces. After a run the server kills
 * every other process of its PID namespace.
 * Every run (isolated or not): joins the run's cgroups by writing to the
 * --cgroup-fd files the judge opened (no cgroup file system is visible), sets its
 * rlimits, sets no_new_privs and installs the seccomp program read from
 * --seccomp-fd (judge/seccomp.py) just before the program starts. CPU time is read
 * from --cpu-fd (the cgroup's counter), which no program can reach.
 *
 * Launching (root only). The judge, as root, cannot let bubblewrap run as root: the
 * sandbox's user would be root outside. So it runs bubblewrap as an unprivileged
 * UID:GID through this launcher, which first binds each SOURCE (folders only root
 * may reach, e.g. under /root) onto STAGE/0, STAGE/1, ... in a mount namespace of
 * its own (the machine never sees these binds), then drops to UID:GID and execs.
 *
 * Protocol, on the SOCK_SEQPACKET socket:
 *   request: one message holding NUL-terminated items, each a one-letter kind and
 *            a value, plus 3 + k file descriptors (stdin, stdout, stderr, then k
 *            more that the program gets as 3, 4, ...):
 *              a<arg>   argv, in order          e<NAME=value>  environment
 *              d<dir>   working directory       r<res>:<value> an rlimit (soft = hard)
 *              t<ms>    CPU limit               w<ms>          wall-clock limit
 *              n<id>    the request's id, echoed in the reply
 *   reply:   "ok <id> <wait status> <user us> <sys us> <max rss KiB> <wall us> <none|cpu|wall> <end us>"
 *            (end: when the program ended, on CLOCK_MONOTONIC, the same clock in every process)
 *            or "err <id> <message>".
 *
 * Built twice: as this executable, and as a shared library whose runner_serve()
 * the warm Python server (harness/warm.py) calls with a function that runs a
 * script in the already started interpreter instead of execve.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_MSG 262144
#define MAX_ITEMS 4096
#define MAX_FDS 8
#define STEP_NS 20000000L /* how often the CPU counter is read: 20 ms */

typedef int (*run_fn)(char **argv, char **envp);

static char msg[MAX_MSG];
static char *argv_[MAX_ITEMS], *envp_[MAX_ITEMS], *scratch_[8];
static int scratch_mode_[8], cgroup_fd_[8], ncgroup, nscratch, cpu_fd = -1, isolated;
static long long scratch_bytes = 1LL << 30;
static struct sock_fprog filter;
static int rl_res[32];
static rlim_t rl_val[32];

static long long now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* CPU of the run in microseconds: the cgroup counter if given, else /proc of the main process. */
static long long cpu_us(pid_t pid) {
    char buf[4096];
    if (cpu_fd >= 0) {
        ssize_t n = pread(cpu_fd, buf, sizeof buf - 1, 0);
        if (n <= 0) return 0;
        buf[n] = 0;
        if (buf[0] >= '0' && buf[0] <= '9') return atoll(buf) / 1000; /* v1 cpuacct.usage: ns */
        char *p = strstr(buf, "usage_usec ");                          /* v2 cpu.stat */
        return p ? atoll(p + 11) : 0;
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
    long long ticks = 0;
    int field = 2; /* p points just after field 2 (comm) */
    for (char *tok = strtok(p + 1, " "); tok; tok = strtok(NULL, " ")) {
        field++;
        if (field >= 14 && field <= 17) ticks += atoll(tok);
        if (field > 17) break;
    }
    return ticks * 1000000LL / sysconf(_SC_CLK_TCK);
}

static void reply(int sock, const char *id, const char *kind, const char *text) {
    char out[1024];
    snprintf(out, sizeof out, "%s %s %s", kind, id, text);
    send(sock, out, strlen(out), MSG_NOSIGNAL);
}

static int drop_capabilities(void) {
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct none[2];
    memset(none, 0, sizeof none);
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0) return -1;
    return (int)syscall(SYS_capset, &hdr, none);
}

/* A fresh mount and IPC namespace with empty scratch folders: nothing of an earlier run. */
static int fresh_scratch(void) {
    if (unshare(CLONE_NEWNS | CLONE_NEWIPC) != 0) return -1;
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) return -1;
    for (int i = 0; i < nscratch; i++) {
        char options[64];
        snprintf(options, sizeof options, "size=%lld,mode=%o", scratch_bytes, scratch_mode_[i]);
        if (mount("tmpfs", scratch_[i], "tmpfs", MS_NOSUID | MS_NODEV, options) != 0) return -1;
    }
    /* programs cannot see what they cannot trace: the server (not dumpable) is invisible */
    return 0;
}

/* Between the request and the program: become the run. Never returns. */
static void child(int *fds, int nfds, const char *cwd, int nrl, int errfd, run_fn run) {
    for (int i = 0; i < ncgroup; i++)
        if (write(cgroup_fd_[i], "0", 1) != 1) goto fail;
    for (int i = 0; i < nrl; i++) {
        struct rlimit r = {rl_val[i], rl_val[i]};
        if (setrlimit(rl_res[i], &r) != 0) goto fail;
    }
    if (isolated && drop_capabilities() != 0) goto fail;
    /* the run's descriptors become 0, 1, 2, 3, ...: first out of the way, then in place */
    int high[MAX_FDS + 3];
    for (int i = 0; i < nfds; i++)
        if ((high[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, 64)) < 0) goto fail;
    if (errfd < 64 + nfds && (errfd = fcntl(errfd, F_DUPFD_CLOEXEC, 64 + nfds)) < 0) goto fail;
    for (int i = 0; i < nfds; i++)
        if (dup2(high[i], i) < 0) goto fail;
    if (cwd && chdir(cwd) != 0) goto fail;
    if (run) prctl(PR_SET_DUMPABLE, 1); /* as after execve: the program's own /proc is its own */
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) goto fail;
    if (filter.len && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &filter) != 0) goto fail;
    if (run) { /* in the warm interpreter: nothing of the server stays open */
        syscall(SYS_close_range, nfds, ~0U, 0);
        _exit(run(argv_, envp_));
    }
    syscall(SYS_close_range, nfds, errfd - 1, CLOSE_RANGE_CLOEXEC);
    syscall(SYS_close_range, errfd + 1, ~0U, CLOSE_RANGE_CLOEXEC);
    execve(argv_[0], argv_, envp_);
fail:;
    int e = errno;
    if (write(errfd, &e, sizeof e) < 0) _exit(127);
    _exit(127);
}

static int read_filter(int fd) {
    static struct sock_filter program[4096];
    ssize_t n = pread(fd, program, sizeof program, 0);
    close(fd);
    if (n <= 0 || n % sizeof(struct sock_filter)) return -1;
    filter.len = (unsigned short)(n / sizeof(struct sock_filter));
    filter.filter = program;
    return 0;
}

static int setup(int argc, char **argv) {
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--isolated")) { isolated = 1; continue; }
        if (!v) { fprintf(stderr, "runner: %s needs a value\n", a); return -1; }
        i++;
        if (!strcmp(a, "--seccomp-fd")) { if (read_filter(atoi(v)) != 0) { perror("runner: seccomp program"); return -1; } }
        else if (!strcmp(a, "--cgroup-fd") && ncgroup < 8) cgroup_fd_[ncgroup++] = atoi(v);
        else if (!strcmp(a, "--cpu-fd")) cpu_fd = atoi(v);
        else if (!strcmp(a, "--scratch-bytes")) scratch_bytes = atoll(v);
        else if (!strcmp(a, "--scratch") && nscratch < 8) {
            char *colon = strrchr(v, ':');
            if (!colon) { fprintf(stderr, "runner: --scratch DIR:MODE\n"); return -1; }
            *colon = 0;
            scratch_[nscratch] = (char *)v;
            scratch_mode_[nscratch++] = (int)strtol(colon + 1, NULL, 8);
        } else { fprintf(stderr, "runner: unknown option %s\n", a); return -1; }
    }
    for (int i = 0; i < ncgroup; i++) fcntl(cgroup_fd_[i], F_SETFD, FD_CLOEXEC);
    if (cpu_fd >= 0) fcntl(cpu_fd, F_SETFD, FD_CLOEXEC);
    return 0;
}

/* What a prepared process tells the server once it has read its request. */
struct header {
    char id[64];            /* the request's id, echoed in the reply */
    char error[160];        /* a bad request: the reply's message ("" if none) */
    char program[160];      /* argv[0], for a failure to start it */
    long long cpu_limit_us, wall_limit_us;
};

/* The pre-forked run: set up everything that does not depend on the request, read the
   request, report its id and limits through `ready`, then become the run (child()), whose
   failure to start is the errno written after the header. Never returns. */
static void prepared(int sock, int ready, run_fn run) {
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    signal(SIGPIPE, SIG_DFL);
    prctl(PR_SET_PDEATHSIG, SIGKILL); /* not inherited across fork: the server's death is ours */
    setsid();
    int scratch_error = isolated && fresh_scratch() != 0 ? errno : 0;

    char cbuf[CMSG_SPACE((MAX_FDS + 3) * sizeof(int))];
    struct iovec iov = {msg, sizeof msg - 1};
    struct msghdr mh = {0};
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = cbuf;
    mh.msg_controllen = sizeof cbuf;
    ssize_t n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
    if (n <= 0) _exit(0); /* the judge went away */
    close(sock);
    msg[n] = 0;
    int fds[MAX_FDS + 3], nfds = 0;
    struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
    if (cm && cm->cmsg_type == SCM_RIGHTS) {
        nfds = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        memcpy(fds, CMSG_DATA(cm), nfds * sizeof(int));
    }
    struct header h;
    memset(&h, 0, sizeof h);
    strcpy(h.id, "-");
    int na = 0, ne = 0, nrl = 0;
    const char *cwd = NULL;
    for (char *p = msg; p < msg + n; p += strlen(p) + 1) {
        char *v = p + 1;
        switch (p[0]) {
        case 'a': if (na < MAX_ITEMS - 1) argv_[na++] = v; break;
        case 'e': if (ne < MAX_ITEMS - 1) envp_[ne++] = v; break;
        case 'd': cwd = v; break;
        case 'r': if (nrl < 32 && strchr(v, ':')) { rl_res[nrl] = atoi(v); rl_val[nrl++] = strtoull(strchr(v, ':') + 1, NULL, 10); } break;
        case 't': h.cpu_limit_us = atoll(v) * 1000; break;
        case 'w': h.wall_limit_us = atoll(v) * 1000; break;
        case 'n': snprintf(h.id, sizeof h.id, "%s", v); break;
        }
    }
    argv_[na] = NULL;
    envp_[ne] = NULL;
    if (nfds < 3) snprintf(h.error, sizeof h.error, "expected stdin, stdout and stderr");
    else if (na == 0) snprintf(h.error, sizeof h.error, "empty argv");
    else snprintf(h.program, sizeof h.program, "%s", argv_[0]);
    if (write(ready, &h, sizeof h) != (ssize_t)sizeof h || h.error[0]) _exit(127);
    if (scratch_error) {
        if (write(ready, &scratch_error, sizeof scratch_error) < 0) _exit(127);
        _exit(127);
    }
    child(fds, nfds, cwd, nrl, ready, run);
}

/* Serve requests until the judge goes away. `run` replaces execve when given (warm Python). */
int runner_serve(int argc, char **argv, run_fn run) {
    if (argc < 2) return 2;
    const int sock = atoi(argv[1]);
    fcntl(sock, F_SETFD, FD_CLOEXEC);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (setup(argc, argv) != 0) return 3;
    prctl(PR_SET_DUMPABLE, 0); /* no ptrace, no /proc/<pid>/mem, no pidfd_getfd by the programs */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);

    for (;;) {
        while (waitpid(-1, NULL, WNOHANG | __WALL) > 0) {} /* leftovers of the previous run */

        /* The next run's process is made before its request comes: forked, in its own session,
           with its fresh namespaces and scratch folders (see prepared()), it reads the request
           itself and tells the server what the server needs through `ready`. */
        int ready[2];
        if (pipe2(ready, O_CLOEXEC) != 0) return 4;
        pid_t pid = fork();
        if (pid < 0) return 4;
        if (pid == 0) { close(ready[0]); prepared(sock, ready[1], run); }
        close(ready[1]);
        struct header h;
        ssize_t got = read(ready[0], &h, sizeof h);
        if (got != (ssize_t)sizeof h) { /* no request: the judge went away (or the process died) */
            close(ready[0]);
            kill(pid, SIGKILL);
            waitpid(pid, NULL, __WALL);
            return 0;
        }
        long long cpu0 = cpu_fd >= 0 ? cpu_us(0) : 0;
        long long start = now_us();
        if (h.error[0]) {
            close(ready[0]);
            waitpid(pid, NULL, __WALL);
            reply(sock, h.id, "err", h.error);
            continue;
        }
        long long cpu_limit_us = h.cpu_limit_us, wall_limit_us = h.wall_limit_us;
        const char *id = h.id;
        int e = 0;
        if (read(ready[0], &e, sizeof e) == sizeof e) { /* the program never started */
            close(ready[0]);
            waitpid(pid, NULL, __WALL);
            char text[512];
            snprintf(text, sizeof text, "cannot start %s: %s", h.program, strerror(e));
            reply(sock, id, "err", text);
            continue;
        }
        close(ready[0]);

        const char *reason = "none";
        for (;;) {
            siginfo_t si = {0};
            if (waitid(P_PID, pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid) break;
            long long elapsed = now_us() - start;
            if (wall_limit_us && elapsed >= wall_limit_us) { reason = "wall"; break; }
            if (cpu_limit_us && cpu_us(pid) - cpu0 > cpu_limit_us) { reason = "cpu"; break; }
            long long left = wall_limit_us ? (wall_limit_us - elapsed) * 1000 : STEP_NS;
            struct timespec ts = {0, left < STEP_NS ? left : STEP_NS};
            sigtimedwait(&chld, NULL, &ts);
        }
        long long wall = now_us() - start;
        kill(-pid, SIGKILL);
        if (isolated) kill(-1, SIGKILL); /* every process of this PID namespace but the server */
        int status = 0;
        struct rusage ru = {0};
        wait4(pid, &status, __WALL, &ru);
        if (isolated)
            while (waitpid(-1, NULL, __WALL) > 0) {}
        char text[256];
        snprintf(text, sizeof text, "%d %lld %lld %ld %lld %s %lld", status,
                 (long long)ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec,
                 (long long)ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec, ru.ru_maxrss, wall, reason,
                 start + wall);
        reply(sock, id, "ok", text);
    }
}

#ifndef RUNNER_LIBRARY
/* As root: bind each source onto STAGE/<i> in a private mount namespace, become UID:GID, exec. */
static int launch(int argc, char **argv) {
    if (argc < 7) return 2;
    uid_t uid = (uid_t)atol(argv[2]);
    gid_t gid = (gid_t)atol(argv[3]);
    const char *stage = argv[4];
    int i = 5, k = 0;
    if (unshare(CLONE_NEWNS) != 0) { perror("runner --launch: unshare"); return 3; }
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) { perror("runner --launch: private /"); return 3; }
    for (; i < argc && strcmp(argv[i], "--"); i++, k++) {
        char dest[4096];
        snprintf(dest, sizeof dest, "%s/%d", stage, k);
        if (mount(argv[i], dest, NULL, MS_BIND | MS_REC, NULL) != 0) {
            fprintf(stderr, "runner --launch: bind %s: %s\n", argv[i], strerror(errno));
            return 3;
        }
    }
    if (i + 1 >= argc) return 2;
    if (setgroups(0, NULL) != 0 || setresgid(gid, gid, gid) != 0 || setresuid(uid, uid, uid) != 0) {
        perror("runner --launch: drop privileges");
        return 3;
    }
    if (getuid() == 0 || geteuid() == 0) return 3;
    execvp(argv[i + 1], argv + i + 1);
    perror("runner --launch: exec");
    return 127;
}

int main(int argc, char **argv) {
    if (argc >= 2 && !strcmp(argv[1], "--launch")) return launch(argc, argv);
    if (argc < 2) {
        fprintf(stderr, "usage: %s SOCKET_FD [options] (started by the judge, not by hand)\n", argv[0]);
        return 2;
    }
    return runner_serve(argc, argv, NULL);
}
#endif
