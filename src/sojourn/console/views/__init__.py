"""The console's pages, one module per page family. Each view reads its input, calls a selector
or a service, and renders.

Who may open what: a trip, debrief, escalation or person the viewer may not see is a 404 (the
scoping functions decide); a page or an action the viewer's role does not have is a 403 that
says so plainly. Every state change goes through a service and ends in a redirect."""
