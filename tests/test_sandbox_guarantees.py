"""The sandbox's mechanisms, one by one (docs/sandbox.md): the seccomp table, cleanup that
cannot fail, limits written before every run, verdicts from measurements only, and the
sandbox identity. The hostile suite (test_hostile.py) attacks them as a program would."""
from __future__ import annotations

import errno
import os
import re
import struct
from pathlib import Path

import pytest

from judge import sandbox, seccomp
from judge.cgroups import CgroupSet
from judge.errors import UserError
from judge.sandbox import MIB, Limits, Status

HEADERS = {"x86_64": Path("/usr/include/x86_64-linux-gnu/asm/unistd_64.h"),
           "aarch64": Path("/usr/include/asm-generic/unistd.h")}


@pytest.mark.parametrize("arch", sorted(seccomp.ARCHITECTURES))
def test_seccomp_numbers_are_the_kernel_headers(arch):
    header = HEADERS[arch]
    if not header.is_file():
        pytest.skip(f"{header} is not installed")
    defined = dict(re.findall(r"#define __NR(?:3264)?_(\w+)\s+(\d+)", header.read_text()))
    for name, number in seccomp.ARCHITECTURES[arch]["numbers"].items():
        assert int(defined[name]) == number, name


@pytest.mark.parametrize("arch", sorted(seccomp.ARCHITECTURES))
def test_every_denied_call_has_a_number_and_the_program_is_well_formed(arch):
    table = seccomp.ARCHITECTURES[arch]
    assert set(seccomp.DENIED) | set(table["extra_denied"]) <= set(table["numbers"])
    program = seccomp.compile_policy(arch)
    assert len(program) % 8 == 0
    instructions = [struct.unpack("=HBBI", program[i:i + 8]) for i in range(0, len(program), 8)]
    assert instructions[-1][0] == 0x06  # ends with a return
    for index, (code, jt, jf, _) in enumerate(instructions):
        if code & 0x07 == 0x05:  # jumps stay inside the program
            assert index + 1 + max(jt, jf) < len(instructions)


def _filter_says(program: bytes, arch: int, nr: int, args: tuple[int, ...] = (0, 0)) -> int:
    """What the seccomp program returns for a call, by running it as the kernel would (the
    instructions compile_policy uses: load a word of seccomp_data, jeq/jge/jset, return)."""
    data = struct.pack("=iIQ6Q", nr, arch, 0, *args, *[0] * (6 - len(args)))
    instructions = [struct.unpack("=HBBI", program[i:i + 8]) for i in range(0, len(program), 8)]
    pc, acc = 0, 0
    for _ in range(len(instructions)):  # forward jumps only: each instruction runs at most once
        code, jt, jf, k = instructions[pc]
        if code == 0x06:
            return k
        if code == 0x20:
            acc, pc = struct.unpack_from("=I", data, k)[0], pc + 1
            continue
        taken = {0x15: acc == k, 0x35: acc >= k, 0x45: bool(acc & k)}[code]
        pc += 1 + (jt if taken else jf)
    raise AssertionError("the program ran off its end")


@pytest.mark.parametrize("arch", sorted(seccomp.ARCHITECTURES))
def test_the_program_decides_every_call_as_the_policy_says(arch):
    """Every call number (the searched-for ones, their neighbours, the unlisted), clone's
    namespace flags, the denied ioctls, another architecture and x32 calls: the compiled
    program returns what the policy's tables say."""
    table = seccomp.ARCHITECTURES[arch]
    numbers, audit = table["numbers"], table["audit_arch"]
    program = seccomp.compile_policy(arch)
    eperm, enosys = 0x00050000 | errno.EPERM, 0x00050000 | errno.ENOSYS
    denied = {numbers[name] for name in (*seccomp.DENIED, *table["extra_denied"])}
    for nr in range(0, 1024):
        expected = eperm if nr in denied else enosys if nr == numbers["clone3"] else seccomp.RET_ALLOW
        assert _filter_says(program, audit, nr) == expected, nr
    assert _filter_says(program, audit, numbers["clone"], (0x00010000 | 0x00000100, 0)) == seccomp.RET_ALLOW
    assert _filter_says(program, audit, numbers["clone"], (0x10000000, 0)) == eperm  # CLONE_NEWUSER
    assert _filter_says(program, audit, numbers["ioctl"], (1, 0x5412)) == eperm  # TIOCSTI
    assert _filter_says(program, audit, numbers["ioctl"], (1, 0x5401)) == seccomp.RET_ALLOW  # TCGETS
    assert _filter_says(program, audit ^ 1, 0) == seccomp.RET_KILL_PROCESS
    if table["x32_bit"] is not None:
        assert _filter_says(program, audit, table["x32_bit"] | 1) == seccomp.RET_KILL_PROCESS


def test_unknown_architecture_is_refused():
    with pytest.raises(seccomp.UnsupportedArchitecture):
        seccomp.compile_policy("pdp11")


def _deep_tree(top: Path, depth: int) -> None:
    fd = os.open(top, os.O_RDONLY)
    for _ in range(depth):
        os.mkdir("d", dir_fd=fd)
        inner = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
    os.close(fd)


def test_empty_folder_removes_locked_and_deep_trees_and_follows_no_link(tmp_path):
    folder = tmp_path / "scratch"
    (folder / "locked" / "inner").mkdir(parents=True)
    (folder / "locked" / "inner" / "file").write_text("x")
    (folder / "locked" / "inner").chmod(0)
    (folder / "locked").chmod(0)
    _deep_tree(folder, 3000)  # a path of 6000 bytes: deeper than PATH_MAX
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep").write_text("keep")
    (folder / "link").symlink_to(outside)
    sandbox.empty_folder(folder)
    assert list(folder.iterdir()) == []
    assert (outside / "keep").read_text() == "keep"


LIMITS = Limits(cpu_s=1, memory_mib=64, output_mib=1)


@pytest.mark.parametrize("status, memory_mib, oom, hit, expected", [
    (1 << 8, 1, False, False, Status.EXIT),       # exit 1 with 1 MiB used: whatever it printed
    (0, 65, False, False, Status.MEMORY),         # over the limit, even with exit 0
    (1 << 8, 2, False, True, Status.MEMORY),      # failed after its memory use hit the limit
    (9, 2, True, False, Status.MEMORY),           # killed by the OOM killer
    (0, 63, False, True, Status.OK),              # hit the limit (page cache reclaimed) and succeeded
])
def test_verdicts_come_from_measurements(status, memory_mib, oom, hit, expected):
    stderr = b"terminate called after throwing an instance of 'std::bad_alloc'\nMemoryError\n"
    result = sandbox._result(LIMITS, status, 0.01, 0.01, memory_mib * MIB, oom, hit, None, b"0\n", stderr,
                             len(stderr), "bwrap")
    assert result.status is expected


@pytest.fixture
def cgroup():
    group = CgroupSet.create()
    if group is None:
        pytest.skip("no cgroup can be made here")
    yield group
    group.remove()


def test_limits_are_written_again_unless_found_intact(cgroup):
    limit_file = (cgroup.dirs["memory"] / "memory.limit_in_bytes") if cgroup.version == 1 \
        else cgroup.dirs[""] / "memory.max"

    def limit() -> int:
        return int(limit_file.read_text().split()[0])

    cgroup.prepare(64 * MIB, 16)
    assert cgroup.limits_intact()
    limit_file.write_text(str(32 * MIB))  # as a run that reached its cgroup would (memory+swap caps raising)
    assert not cgroup.limits_intact()       # the tripwire sees it ...
    cgroup.prepare(64 * MIB, 16)            # ... and the same limits are written again for the next run
    assert limit() == 64 * MIB and cgroup.limits_intact()
    cgroup.prepare(32 * MIB, 16)            # other limits: written
    assert limit() == 32 * MIB
    limit_file.write_text(str(16 * MIB))    # changed while no check was made since the last prepare ...
    cgroup.prepare(32 * MIB, 16)            # ... so nothing is taken as intact: written again
    assert limit() == 32 * MIB and cgroup.limits_intact()


@pytest.mark.skipif(os.geteuid() != 0, reason="the sandbox user is chosen only when the judge runs as root")
def test_sandbox_identity_as_root(monkeypatch):
    import pwd

    monkeypatch.delenv("JUDGE_SANDBOX_USER", raising=False)
    nobody = pwd.getpwnam("nobody")
    assert sandbox.sandbox_identity() == (nobody.pw_uid, nobody.pw_gid)
    monkeypatch.setenv("JUDGE_SANDBOX_USER", "60123")
    assert sandbox.sandbox_identity() == (60123, 60123)
    for bad in ("root", "0", "no-such-user-here"):
        monkeypatch.setenv("JUDGE_SANDBOX_USER", bad)
        with pytest.raises(UserError):
            sandbox.sandbox_identity()


@pytest.mark.skipif(os.geteuid() != 0, reason="the sandbox user is chosen only when the judge runs as root")
def test_a_bad_sandbox_user_is_one_line_never_a_silent_fallback(judge_cli, monkeypatch):
    from conftest import PACKAGES, PROGRAMS

    monkeypatch.setenv("JUDGE_SANDBOX_USER", "root")
    proc = judge_cli("run", str(PACKAGES / "sum-default"), str(PROGRAMS / "ac.py"))
    assert proc.returncode == 2, proc.stdout
    assert "JUDGE_SANDBOX_USER" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_folders_of_dead_judge_processes_are_swept(monkeypatch):
    """A judge killed before it could close its run servers leaves its scratch and stage folders;
    the next judge process removes them (their names carry the dead process's pid), and leaves
    a living process's alone."""
    import subprocess
    import tempfile

    dead = subprocess.Popen(["true"])
    dead.wait()
    scratch = Path(tempfile.gettempdir())
    orphan = scratch / f"judge-worker-{dead.pid}-test"
    stage = scratch / f"judge-stage-{dead.pid}-test"
    living = scratch / f"judge-worker-{os.getpid()}-test"
    for folder in (orphan, stage, living):
        (folder / "work" / "deep").mkdir(parents=True)
    (orphan / "work").chmod(0)
    monkeypatch.setattr(sandbox, "_swept", False)
    try:
        sandbox._sweep_orphans()
        assert not orphan.exists() and not stage.exists()
        assert living.exists()
    finally:
        for folder in (orphan, stage, living):
            if folder.exists():
                sandbox.empty_folder(folder)
                folder.rmdir()
