"""The parts of synth.py: the bare bulk-write baseline and the agreement check."""
