"""The console: the pages of the people who decide and watch over trips.

Security officers review their organisation's trips, watch over travellers abroad, review
debriefs and read their people's compliance record; oversight gives the final approvals and
watches over every organisation; auditors read it all and decide nothing.
"""
