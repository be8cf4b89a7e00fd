"""The API stack: the WebSocket API of the route manifest, one function per route.

Every route of `ourchat.routes.ROUTES` gets its function and Lambda integration; two-way
routes get a `$default` route response so the function's reply reaches the client. Only
`$connect` has the REQUEST authorizer, fed by the `token` query parameter. With the edge on,
the authorizer also requires CloudFront's origin secret (see `edge_stack`): its header is an
identity source too, so API Gateway answers a direct caller 401 without invoking anything.
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_logs as logs
from constructs import Construct

from ourchat.routes import (
    AUTHORIZER_HANDLER,
    CONSUMERS,
    FANOUT,
    ROUTE_SELECTION_EXPRESSION,
    ROUTES,
    QueueConsumer,
    Route,
    identity_sources,
)
from ourchat.settings import DEFAULT_HANDOFF_THRESHOLD
from ourchat_infra.auth_stack import AuthStack
from ourchat_infra.bundling import lambda_code
from ourchat_infra.config import InfraConfig
from ourchat_infra.consumers import ConsumerQueues
from ourchat_infra.data_stack import DataStack
from ourchat_infra.environment import (
    Handoff,
    TokenSettings,
    authorizer_environment,
    route_environment,
)
from ourchat_infra.functions import (
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    ChatFunction,
    FunctionSpec,
)
from ourchat_infra.nag import acknowledge, finding_text
from ourchat_infra.origin_secret import OriginSecret
from ourchat_infra.route_access import connections_arn, push_statement, table_statements
from ourchat_infra.stage import CONNECT_ROUTE, build_stage

AUTHORIZER_TIMEOUT = cdk.Duration.seconds(6)
# Pushing routes fan out to every live connection of a group; they stop before API
# Gateway's 29-second integration timeout so that the function, not the gateway, reports it.
PUSH_TIMEOUT = cdk.Duration.seconds(25)
# A fan-out is CPU-bound (about 1.3 ms per recipient, docs/performance.md): a whole vCPU
# makes a push to 1,000 members take about 1.5 s instead of 10, for about the same GB-s.
PUSH_MEMORY_MB = 1769


def construct_name(route: Route) -> str:
    """Return a route's construct id, e.g. `SendMessageRoute` or `ConnectRoute`."""
    return f"{route.name[:1].upper()}{route.name[1:]}Route"


class ApiStack(cdk.Stack):
    """The WebSocket API, its stage and its functions.

    Attributes:
        api: The WebSocket API.
        stage: Its only stage.
        functions: Every function by construct id (`Authorizer`, `ConnectRoute`, ...).
        route_functions: Route key to the route's function.
        consumer_queues: Queue consumer name to its queues (`ourchat.routes.CONSUMERS`).
        origin_secret: The secret CloudFront must present, when the edge is on.
        management_endpoint: The @connections endpoint of the stage.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        data: DataStack,
        auth: AuthStack,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self._config = config
        self._code = lambda_code()
        self._removal = (
            cdk.RemovalPolicy.RETAIN if config.retain_data else cdk.RemovalPolicy.DESTROY
        )
        self.api = apigwv2.WebSocketApi(
            self,
            "Api",
            api_name=f"ourchat-{config.stage_name}",
            description="ourchat real-time group chat",
            route_selection_expression=ROUTE_SELECTION_EXPRESSION,
        )
        self.management_endpoint = (
            f"https://{self.api.api_id}.execute-api.{self.region}.{cdk.Aws.URL_SUFFIX}"
            f"/{config.stage_name}"
        )
        self.origin_secret = (
            OriginSecret(self, "OriginSecret", config=config) if config.edge else None
        )
        self.functions: dict[str, ChatFunction] = {}
        self.route_functions: dict[str, ChatFunction] = {}
        self.consumer_queues = {
            consumer.name: self._consumer(consumer, data) for consumer in CONSUMERS
        }
        authorizer = self._authorizer(auth)
        routes = [self._route(route, data, authorizer) for route in ROUTES]
        self.stage = build_stage(
            self, api=self.api, routes=routes, config=config, removal_policy=self._removal
        )
        cdk.CfnOutput(self, "WebSocketUrl", value=self.stage.url)
        cdk.CfnOutput(self, "ManagementEndpoint", value=self.management_endpoint)

    def _function(self, construct_id: str, spec: FunctionSpec) -> ChatFunction:
        return ChatFunction(
            self,
            construct_id,
            spec=spec,
            code=self._code,
            log_retention=logs.RetentionDays[self._config.log_retention],
            removal_policy=self._removal,
            tracing=self._config.tracing,
        )

    def _acknowledge_pushes(
        self, function: ChatFunction, connections: str, method: str = "POST"
    ) -> None:
        acknowledge(
            function.role,
            f"AwsSolutions-IAM5[Resource::{finding_text(self, connections)}]",
            "the ids of the connections a function pushes to (or closes) are only known at "
            f"run time; the ARN is limited to {method} on @connections of this API's own stage",
        )

    def _consumer(self, consumer: QueueConsumer, data: DataStack) -> ConsumerQueues:
        """A queue consumer: its queues, its function with its grants, and the mapping."""
        name = f"{consumer.name[:1].upper()}{consumer.name[1:]}Consumer"
        queues = ConsumerQueues(
            self, f"{name}Queues", consumer=consumer, stage_name=self._config.stage_name
        )
        statements = table_statements(consumer, data.tables, data.keys, self.region)
        statements.append(queues.consume_statement())
        connections = connections_arn(self, self.api.api_id, self._config.stage_name)
        if consumer.pushes:
            statements.append(push_statement(connections))
        spec = FunctionSpec(
            handler=consumer.handler,
            description=f"Consumer {consumer.name} of ourchat's queue",
            environment=route_environment(
                consumer, data.tables, self.management_endpoint, self._config.log_level
            ),
            statements=statements,
            timeout=cdk.Duration.seconds(consumer.timeout_seconds),
            memory_mb=PUSH_MEMORY_MB if consumer.pushes else DEFAULT_MEMORY_MB,
        )
        function = self._function(name, spec)
        self.functions[name] = function
        if consumer.pushes:
            self._acknowledge_pushes(function, connections)
        queues.feed(consumer, function.function)
        return queues

    def _authorizer(self, auth: AuthStack) -> authorizers.WebSocketLambdaAuthorizer:
        secret = self.origin_secret.reference if self.origin_secret else None
        tokens = TokenSettings(auth.issuer, auth.client.user_pool_client_id, secret)
        spec = FunctionSpec(
            handler=AUTHORIZER_HANDLER,
            description="Verifies the Cognito ID token of a $connect",
            environment=authorizer_environment(tokens, self._config.log_level),
            timeout=AUTHORIZER_TIMEOUT,
        )
        function = self._function("Authorizer", spec)
        if self.origin_secret is not None:
            # The reference names the secret, so nothing else orders the two.
            function.function.node.add_dependency(self.origin_secret.secret)
        self.functions["Authorizer"] = function
        return authorizers.WebSocketLambdaAuthorizer(
            "TokenAuthorizer",
            function.function,
            identity_source=list(identity_sources(self.origin_secret is not None)),
        )

    def _route(
        self, route: Route, data: DataStack, authorizer: authorizers.WebSocketLambdaAuthorizer
    ) -> apigwv2.WebSocketRoute:
        statements = table_statements(route, data.tables, data.keys, self.region)
        connections = connections_arn(self, self.api.api_id, self._config.stage_name)
        fanout = self.consumer_queues[FANOUT.name]
        handoff = None
        if route.pushes:
            statements += [push_statement(connections), fanout.send_statement()]
            handoff = Handoff(fanout.queue.queue_url, DEFAULT_HANDOFF_THRESHOLD)
        closing = connections_arn(self, self.api.api_id, self._config.stage_name, "DELETE")
        if route.disconnects:
            statements.append(push_statement(closing))
        spec = FunctionSpec(
            handler=route.handler,
            description=f"Route {route.key} of ourchat",
            environment=route_environment(
                route,
                data.tables,
                self.management_endpoint,
                self._config.log_level,
                self._config.max_connections_per_user,
                handoff,
            ),
            statements=statements,
            timeout=PUSH_TIMEOUT if route.pushes else DEFAULT_TIMEOUT,
            memory_mb=PUSH_MEMORY_MB if route.pushes else DEFAULT_MEMORY_MB,
        )
        function = self._function(construct_name(route), spec)
        self.functions[construct_name(route)] = self.route_functions[route.key] = function
        if route.pushes:
            self._acknowledge_pushes(function, connections)
        if route.disconnects:
            self._acknowledge_pushes(function, closing, "DELETE")
        integration = integrations.WebSocketLambdaIntegration(
            f"{construct_name(route)}Integration", function.function
        )
        web_socket_route = self.api.add_route(
            route.key,
            integration=integration,
            authorizer=authorizer if route.key == CONNECT_ROUTE else None,
            return_response=route.two_way,
        )
        if route.key != CONNECT_ROUTE:
            acknowledge(
                web_socket_route,
                "AwsSolutions-APIG4",
                "a WebSocket API authorizes only its $connect route; every later frame of "
                "the connection carries the identity the $connect authorizer established",
            )
        return web_socket_route
