"""Token verification for the $connect authorizer, and local token issuing."""
