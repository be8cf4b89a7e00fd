"""The API Gateway management API (@connections) pusher."""
