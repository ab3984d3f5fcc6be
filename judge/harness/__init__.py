"""Programs that run *inside* the sandbox on behalf of a solution (not imported by the judge)."""
