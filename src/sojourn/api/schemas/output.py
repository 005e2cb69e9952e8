"""The base of an answer the operation builds itself from what it read: `Built`.

django-ninja's `Schema` validates through a wrapper that reads every field of the value again
through a `DjangoGetter` (so that it can take a model object), and it does so for every nested
object each time the answer is validated: once when the operation builds the item, once more
when django-ninja checks the operation's answer. For the rows of a list that is most of the cost
of the page (8 ms of a page of 50 trips, against 1 ms without the wrapper). An answer built
field by field from values the operation read never needs the wrapper: it is a plain pydantic
model, validated once when it is built, and passed through as it is when the page containing
it is checked. It is described in the OpenAPI document exactly as a `Schema` would be.
"""

from __future__ import annotations

from pydantic import BaseModel


class Built(BaseModel):
    """An answer built with its constructor, never validated from a model object."""
