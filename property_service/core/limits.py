"""Rate limits per signed-in user.

Frappe's `rate_limit` counts per IP address: the residents behind one mobile carrier's address,
or a compound's Wi-Fi, would share one count, and one of them could use up the others'. The
portal's signed-in endpoints count per user instead (a guest endpoint keeps Frappe's, per IP).
"""

import functools

import frappe
from frappe import _


def counter(method: str, user: str) -> str:
	"""The cache key counting `user`'s calls of `method` (its dotted path)."""
	return frappe.cache.make_key(f"ps-rate:{method}:{user}")


def per_user(limit: int, seconds: int):
	"""At most `limit` calls of the endpoint per user in `seconds` (from their first call); more
	are refused with Frappe's rate-limit error (HTTP 429) and run nothing."""

	def decorator(fn):
		method = f"{fn.__module__}.{fn.__qualname__}"

		@functools.wraps(fn)
		def limited(*args, **kwargs):
			key = counter(method, frappe.session.user)
			calls = frappe.cache.incrby(key, 1)
			if calls == 1:
				frappe.cache.expire(key, seconds)
			if calls > limit:
				frappe.throw(
					_("You hit the rate limit because of too many requests. Please try after sometime."),
					frappe.RateLimitExceededError,
				)
			return fn(*args, **kwargs)

		return limited

	return decorator
