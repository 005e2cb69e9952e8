"""The parts of bench/contacts.py: the synthetic people and their names (`people.py`), the
resolution quality of the register (`quality.py`), screening's speed against brute force
(`screening.py`), and one sighting matched against a large register (`register.py`)."""
