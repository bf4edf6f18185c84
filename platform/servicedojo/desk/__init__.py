"""Service desk simulator: scenarios, the deterministic engine, scoring and the desk UI."""
