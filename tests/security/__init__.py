"""The security suites: access control generated from the URL configuration, injection,
property-based fuzzing of every form, and CSRF. See docs/security.md."""
