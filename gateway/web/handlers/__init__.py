"""Request handlers: read the request into a core value, call one flow, render the result."""
