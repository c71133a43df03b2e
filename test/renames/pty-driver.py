"""Runs a command in a pseudo-terminal and types into it as a person would.

argv[1]: JSON {"argv": [...], "cwd": "...", "env": {...}, "steps": [{"waitFor": "...", "send": "..."}]}
Each step waits until `waitFor` appears in what the program printed since the previous step, then
types `send`. Prints JSON {"output": "...", "code": N} when the program has exited.
"""
import fcntl, json, os, pty, select, struct, sys, termios, time

spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.chdir(spec["cwd"])
    os.execvpe(spec["argv"][0], spec["argv"], spec["env"])

# A wide terminal, so that a question is drawn on one line.
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 250, 0, 0))
output = b""


def read_some(timeout):
    """Reads what is available within `timeout` seconds; False once the program closed the terminal."""
    global output
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return True
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        return False
    if not chunk:
        return False
    output += chunk
    return True


open_ = True
for step in spec["steps"]:
    mark = len(output)
    deadline = time.time() + 30
    while open_ and step["waitFor"].encode() not in output[mark:] and time.time() < deadline:
        open_ = read_some(0.2)
    if not open_ or time.time() >= deadline:
        break
    time.sleep(0.1)  # let the prompt finish drawing before typing
    os.write(fd, step["send"].encode())

while open_:
    open_ = read_some(1)
_, status = os.waitpid(pid, 0)
print(json.dumps({"output": output.decode(errors="replace"), "code": os.waitstatus_to_exitcode(status)}))
