"""The seccomp policy of every sandboxed run, as data, compiled to a classic BPF program.

A run (and everything it starts) may not create namespaces, mount, trace or read
other processes, use the kernel keyrings, load BPF programs or kernel modules,
open performance counters or userfaultfd, use io_uring (whose operations bypass
seccomp), or change the machine (reboot, swap, clock, hostname, accounting).
Those calls fail with EPERM; clone3 fails with ENOSYS, so that the C library falls
back to clone, whose namespace flags are checked (clone3 passes its flags in
memory, out of a filter's reach). The ioctls that type into a terminal (TIOCSTI,
TIOCLINUX) fail too, should a run ever hold one. A call made under another architecture's ABI
(x32, or i386 through int 0x80 on x86-64) kills the process: the tables below
describe only the native one.

    program = compile_policy()   # bytes: struct sock_filter[] for this machine

The run server (runner.c) installs the program in each run's process, after it
set up the run and before the program starts; see docs/sandbox.md.
"""
from __future__ import annotations

import errno
import platform
import struct

# Every call denied, by name; each architecture below gives their numbers.
DENIED = (
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree", "fsopen",
    "fsconfig", "fsmount", "fspick", "mount_setattr",                        # namespaces and mounts
    "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "kcmp",  # other processes
    "keyctl", "add_key", "request_key",                                       # kernel keyrings
    "bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
    "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load",  # the kernel
    "reboot", "swapon", "swapoff", "acct", "syslog", "quotactl", "quotactl_fd", "lookup_dcookie",
    "open_by_handle_at", "name_to_handle_at", "vhangup", "settimeofday", "clock_settime", "clock_adjtime",
    "adjtimex", "setdomainname", "sethostname", "fanotify_init", "nfsservctl",  # the machine
)
# ioctl requests denied: TIOCSTI (push characters into a terminal's input), TIOCLINUX
DENIED_IOCTLS = (0x5412, 0x541C)
# clone's flags that create namespaces: NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET
CLONE_NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000

# Per architecture: the AUDIT_ARCH value, calls only this architecture has, and the numbers.
ARCHITECTURES = {
    "x86_64": {
        "audit_arch": 0xC000003E,
        "extra_denied": ("iopl", "ioperm", "uselib", "_sysctl", "modify_ldt"),
        "x32_bit": 0x40000000,  # x32 ABI calls carry this bit: refused
        "numbers": {
            "clone": 56, "clone3": 435, "unshare": 272, "setns": 308, "mount": 165, "umount2": 166,
            "pivot_root": 155, "chroot": 161, "move_mount": 429, "open_tree": 428, "fsopen": 430,
            "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442, "ptrace": 101,
            "process_vm_readv": 310, "process_vm_writev": 311, "pidfd_getfd": 438, "kcmp": 312, "keyctl": 250,
            "add_key": 248, "request_key": 249, "bpf": 321, "perf_event_open": 298, "userfaultfd": 323,
            "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427, "init_module": 175,
            "finit_module": 313, "delete_module": 176, "kexec_load": 246, "kexec_file_load": 320, "reboot": 169,
            "swapon": 167, "swapoff": 168, "acct": 163, "syslog": 103, "quotactl": 179, "quotactl_fd": 443,
            "lookup_dcookie": 212, "open_by_handle_at": 304, "name_to_handle_at": 303, "vhangup": 153,
            "settimeofday": 164, "clock_settime": 227, "clock_adjtime": 305, "adjtimex": 159,
            "setdomainname": 171, "sethostname": 170, "fanotify_init": 300, "nfsservctl": 180,
            "iopl": 172, "ioperm": 173, "uselib": 134, "_sysctl": 156, "modify_ldt": 154, "ioctl": 16,
        },
    },
    "aarch64": {
        "audit_arch": 0xC00000B7,
        "extra_denied": (),
        "x32_bit": None,
        "numbers": {
            "clone": 220, "clone3": 435, "unshare": 97, "setns": 268, "mount": 40, "umount2": 39,
            "pivot_root": 41, "chroot": 51, "move_mount": 429, "open_tree": 428, "fsopen": 430,
            "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442, "ptrace": 117,
            "process_vm_readv": 270, "process_vm_writev": 271, "pidfd_getfd": 438, "kcmp": 272, "keyctl": 219,
            "add_key": 217, "request_key": 218, "bpf": 280, "perf_event_open": 241, "userfaultfd": 282,
            "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427, "init_module": 105,
            "finit_module": 273, "delete_module": 106, "kexec_load": 104, "kexec_file_load": 294, "reboot": 142,
            "swapon": 224, "swapoff": 225, "acct": 89, "syslog": 116, "quotactl": 60, "quotactl_fd": 443,
            "lookup_dcookie": 18, "open_by_handle_at": 265, "name_to_handle_at": 264, "vhangup": 58,
            "settimeofday": 170, "clock_settime": 112, "clock_adjtime": 266, "adjtimex": 171,
            "setdomainname": 162, "sethostname": 161, "fanotify_init": 262, "nfsservctl": 42, "ioctl": 29,
        },
    },
}

# classic BPF, as in <linux/filter.h> and <linux/seccomp.h>
_LD_ABS_W, _JEQ, _JGE, _JSET, _RET = 0x20, 0x15, 0x35, 0x45, 0x06
_OFFSET_NR, _OFFSET_ARCH, _OFFSET_ARG0, _OFFSET_ARG1 = 0, 4, 16, 24  # struct seccomp_data; args' low halves
RET_ALLOW = 0x7FFF0000
RET_KILL_PROCESS = 0x80000000
_RET_ERRNO = 0x00050000


def _errno(code: int) -> int:
    return _RET_ERRNO | code


def _search(code: list, labels: dict[str, int], calls: list[tuple[int, str]]) -> None:
    """Code that jumps to the label of the call whose number is in the accumulator, by a binary
    search over the sorted numbers (a call not listed is allowed): a few comparisons per call
    instead of one per listed call. The kernel runs the program over every call number when it
    installs it (to cache the calls always allowed): with a list of sixty comparisons that took
    about 90 microseconds of every run's start, with the search about 45 (a one-instruction
    program takes 15)."""
    if len(calls) <= 3:
        code += [(_JEQ, label, None, nr) for nr, label in calls]
        code.append((_RET, None, None, RET_ALLOW))
        return
    middle = len(calls) // 2
    upper = f"from {calls[middle][0]}"
    code.append((_JGE, upper, None, calls[middle][0]))
    _search(code, labels, calls[:middle])
    labels[upper] = len(code)
    _search(code, labels, calls[middle:])


class UnsupportedArchitecture(Exception):
    pass


def machine() -> str:
    return platform.machine()


def compile_policy(arch: str | None = None) -> bytes:
    """The policy as a BPF program (struct sock_filter[]) for `arch` (default: this machine)."""
    arch = arch or machine()
    table = ARCHITECTURES.get(arch)
    if table is None:
        raise UnsupportedArchitecture(f"no seccomp table for {arch}; known: {', '.join(ARCHITECTURES)}")
    numbers = table["numbers"]
    denied = sorted({numbers[name] for name in (*DENIED, *table["extra_denied"])})

    # Instructions as (code, jump-if-true label, jump-if-false label, k); labels are resolved below.
    code: list[tuple] = [
        (_LD_ABS_W, None, None, _OFFSET_ARCH),
        (_JEQ, None, "kill", table["audit_arch"]),
        (_LD_ABS_W, None, None, _OFFSET_NR),
    ]
    if table["x32_bit"] is not None:
        code.append((_JGE, "kill", None, table["x32_bit"]))
    calls = {nr: "eperm" for nr in denied}
    calls.update({numbers["clone"]: "clone", numbers["ioctl"]: "ioctl", numbers["clone3"]: "enosys"})
    labels: dict[str, int] = {}
    _search(code, labels, sorted(calls.items()))
    labels["clone"] = len(code)
    code += [(_LD_ABS_W, None, None, _OFFSET_ARG0),
             (_JSET, "eperm", None, CLONE_NAMESPACE_FLAGS),
             (_RET, None, None, RET_ALLOW)]
    labels["ioctl"] = len(code)
    code.append((_LD_ABS_W, None, None, _OFFSET_ARG1))
    code += [(_JEQ, "eperm", None, request) for request in DENIED_IOCTLS]
    code.append((_RET, None, None, RET_ALLOW))
    for name, value in (("eperm", _errno(errno.EPERM)), ("enosys", _errno(errno.ENOSYS)),
                        ("kill", RET_KILL_PROCESS)):
        labels[name] = len(code)
        code.append((_RET, None, None, value))

    out = bytearray()
    for index, (op, true, false, k) in enumerate(code):
        jt = labels[true] - index - 1 if true else 0
        jf = labels[false] - index - 1 if false else 0
        if not (0 <= jt < 256 and 0 <= jf < 256):
            raise AssertionError("seccomp program too long for classic BPF jumps")
        out += struct.pack("=HBBI", op, jt, jf, k)
    return bytes(out)
