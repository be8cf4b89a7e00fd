"""The edge stack: CloudFront in front of the WebSocket API, with the WebACL attached.

CloudFront forwards the WebSocket handshake headers and the `token` query parameter, keeps
the path (clients connect to `wss://<distribution>/<stage>`, as directly), and adds the
origin secret as header `x-origin-verify`. The `$connect` authorizer denies any
connection without it (`OURCHAT_ORIGIN_SECRET`), so the execute-api endpoint refuses direct
connections and clients have to come through CloudFront and its WebACL. Nothing is
cached. CloudFront also passes the viewer's address on (`CloudFront-Viewer-Address`), which
the authorizer hands to the stage's access log.

CloudFront keeps no access logs of its own: their `cs-uri-query` field would hold the
`token=<ID token>` of every handshake. The stage's access log records every connection
attempt, with the viewer's address, and WAF samples the requests it sees.

Every response carries the web client's security headers (a response headers policy): the
Content-Security-Policy the local server sends (`ourchat.gateway.site`), with `frame-ancestors
'none'` and `connect-src 'self'` (a page served by this distribution may open WebSockets to it
and nowhere else: CSP Level 3 matches wss:// of the page's own https:// origin to 'self'),
`X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY`,
and HSTS (the distribution answers only https).
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from constructs import Construct

from ourchat.routes import IDENTITY_SOURCE, ORIGIN_HEADER
from ourchat_infra.api_stack import ApiStack
from ourchat_infra.config import InfraConfig
from ourchat_infra.nag import acknowledge

WEBSOCKET_HEADERS = (
    "Sec-WebSocket-Key",
    "Sec-WebSocket-Version",
    "Sec-WebSocket-Protocol",
    "Sec-WebSocket-Extensions",
)
VIEWER_ADDRESS_HEADER = "CloudFront-Viewer-Address"
TOKEN_PARAMETER = IDENTITY_SOURCE.rsplit(".", 1)[-1]
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
"""The web client's policy, as `ourchat.gateway.site.content_security_policy()` has it (a
test holds them equal): the page and its socket share the distribution's origin."""
HSTS_MAX_AGE = cdk.Duration.days(365)


class EdgeStack(cdk.Stack):
    """The distribution and its handshake policy.

    Attributes:
        distribution: The CloudFront distribution clients connect to.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        api: ApiStack,
        web_acl_arn: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        if api.origin_secret is None:
            raise ValueError("the edge needs the API's origin secret (context edge=true)")
        handshake = cloudfront.OriginRequestPolicy(
            self,
            "WebSocketHandshake",
            comment="Forwards the WebSocket handshake and the token of ourchat connections",
            header_behavior=cloudfront.OriginRequestHeaderBehavior.allow_list(
                *WEBSOCKET_HEADERS, VIEWER_ADDRESS_HEADER
            ),
            query_string_behavior=cloudfront.OriginRequestQueryStringBehavior.allow_list(
                TOKEN_PARAMETER
            ),
            cookie_behavior=cloudfront.OriginRequestCookieBehavior.none(),
        )
        security_headers = cloudfront.ResponseHeadersPolicy(
            self,
            "SecurityHeaders",
            comment="The ourchat web client's security headers: CSP (no framing), nosniff",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=CONTENT_SECURITY_POLICY, override=True
                ),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.DENY, override=True
                ),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy.NO_REFERRER, override=True
                ),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=HSTS_MAX_AGE, include_subdomains=True, override=True
                ),
            ),
        )
        origin = origins.HttpOrigin(
            f"{api.api.api_id}.execute-api.{api.region}.{cdk.Aws.URL_SUFFIX}",
            protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            origin_ssl_protocols=[cloudfront.OriginSslPolicy.TLS_V1_2],
            custom_headers={ORIGIN_HEADER: api.origin_secret.reference},
        )
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment=f"ourchat {config.stage_name} WebSocket API",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origin,
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
                origin_request_policy=handshake,
                response_headers_policy=security_headers,
            ),
            web_acl_id=web_acl_arn,
        )
        distribution = self.distribution
        acknowledge(
            distribution,
            "AwsSolutions-CFR3",
            "CloudFront's access logs would keep the ID token of every handshake (the query "
            "string); the API stage's access log records each connection with the viewer's "
            "address instead",
        )
        acknowledge(
            distribution,
            "AwsSolutions-CFR1",
            "countries are blocked by the WebACL's GeoBlock rule (context geoBlockCountries), "
            "so the list lives in one place",
        )
        acknowledge(
            distribution,
            "AwsSolutions-CFR4",
            "the distribution has no custom domain: its default *.cloudfront.net certificate "
            "fixes the viewer minimum protocol, which only a domain with an ACM certificate "
            "can raise",
        )
        cdk.CfnOutput(
            self,
            "EdgeWebSocketUrl",
            value=f"wss://{self.distribution.distribution_domain_name}/{config.stage_name}",
        )
