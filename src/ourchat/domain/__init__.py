"""The chat domain: entities, ids, timestamps, validation limits and typed errors.

Nothing in this package imports boto3, Starlette or any other framework.
"""
