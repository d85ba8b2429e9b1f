"""Ctrl-C during a long table call raises KeyboardInterrupt promptly: the batch work runs
without the GIL, and the calling thread checks for signals while it waits (without that,
the interrupt waits for the whole table); a long list of dicts (a roster with bad rows) is
read with the GIL held, checking for signals between chunks. Each call runs in a subprocess that is sent
SIGINT once the call has started; the call is sized to last far longer than the generous
timeout (about a minute in the test build), so only a prompt interrupt ends it in time."""
import signal
import subprocess
import sys
import time

import pytest

SCRIPT = r'''
import datetime as dt, sys
import pyarrow as pa, pyarrow.compute as pc
import plaudit
n = 8_000_000
rows = pa.array(range(n), pa.int64())
advocates = pa.table({
    "id": pc.cast(rows, pa.string()),
    "customer_since": pa.array([dt.date(2020, 1, 1)]).take(pa.array([0] * n)),
    "health_score": pc.cast(pc.add(pc.bit_wise_and(rows, 63), 30), pa.float64()),
})
# A roster of dicts with bad rows: one bad dict, many times (no memory to speak of; each
# item is still read and judged).
bad = {"id": "a", "customer_since": "2020-01-01", "health_score": "x"}
dicts = [bad] * 20_000_000
call = {
    "evaluate_table": lambda: plaudit.Engine().evaluate_table(advocates, as_of="2026-03-01", threads=1),
    "from_tables": lambda: plaudit.Roster.from_tables(advocates),
    "roster_of_dicts": lambda: plaudit.Roster(dicts),
}[sys.argv[1]]
print("started", flush=True)
try:
    call()
    print("finished", flush=True)
except KeyboardInterrupt:
    print("interrupted", flush=True)
'''


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
@pytest.mark.parametrize("call", ["evaluate_table", "from_tables", "roster_of_dicts"])
def test_ctrl_c_interrupts_a_long_table_call(call):
    p = subprocess.Popen([sys.executable, "-c", SCRIPT, call], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        assert p.stdout.readline().strip() == "started"
        time.sleep(1)  # the call is under way
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=30)
    finally:
        p.kill()
    assert out.split() == ["interrupted"], err
