"""The traveller's forms: a trip with its legs and meetings as rows, an invitation, a decision.

Forms parse and check what was typed; the services in `drafts`, `services` and `invitations`
decide. A form shown again after "add a row" is *quiet*: it keeps what was typed and judges none
of it yet, so a row not filled in is not an error until the trip is saved.
"""
