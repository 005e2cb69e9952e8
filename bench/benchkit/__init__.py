"""What every benchmark in bench/ shares: the scale, the clock, the machine, the report."""
