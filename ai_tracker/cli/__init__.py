"""The command layer: parse options, call the core, render, turn errors into exit codes."""
