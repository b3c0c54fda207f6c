import os
import sys

from dashboard.cli.main import main

try:
    code = main()
    sys.stdout.flush()
except BrokenPipeError:
    # The reader went away (`... | head`): stop quietly as Unix tools do, and keep Python from complaining again
    # when it flushes stdout at exit.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 141  # 128 + SIGPIPE, what a shell reports for a tool stopped by a closed pipe
sys.exit(code)
