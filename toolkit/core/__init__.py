"""The pure core: field tables, issues, labels, target kinds, parsing, the plan model and
the rules (assignments, completion, awards, the latest return). No I/O, no faces."""
