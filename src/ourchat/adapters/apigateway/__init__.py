"""The API Gateway management API (@connections): the lean pusher, boto3's client, EMF metrics."""
