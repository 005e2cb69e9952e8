"""The faces' shared kit: helpers the web pages, the console and the API all use (keyset pages,
RFC 9457 problem answers). It sits below the faces, which never import one another, and imports
nothing of Sojourn's but the pure policy package."""
