"""What a cache call raises when the cache's server is down or silent.

Django's Redis cache lets its client's errors through; the local-memory cache raises
none. Callers that can do without the cache catch these and go on without it.
"""

from redis.exceptions import RedisError

CACHE_ERRORS = (RedisError, OSError)
