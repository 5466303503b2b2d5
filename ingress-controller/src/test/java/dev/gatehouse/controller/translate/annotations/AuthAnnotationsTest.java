package dev.gatehouse.controller.translate.annotations;

import static dev.gatehouse.controller.testing.Manifests.ingress;
import static dev.gatehouse.controller.testing.Manifests.service;
import static dev.gatehouse.controller.testing.Manifests.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.Manifests;
import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.NamedObjects;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.BasicAuth;
import dev.gatehouse.routing.ExternalAuth;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.RequestTemplate;
import dev.gatehouse.routing.RouteAction;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.codec.digest.Md5Crypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** auth-type, auth-secret and the external auth keys, from annotations to the route's filters and warnings. */
class AuthAnnotationsTest {

    private static final String SHA = "{SHA}" + Base64.getEncoder().encodeToString(DigestUtils.sha1("alice's password"));
    private static final String APR1 = Md5Crypt.apr1Crypt("bob's password", "saltsalt");

    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());

    @Test
    void an_htpasswd_file_becomes_the_users_of_basic_auth_with_its_realm() {
        RequestFilters filters = filters("""
                nginx.ingress.kubernetes.io/auth-type: "basic"
                nginx.ingress.kubernetes.io/auth-secret: "users"
                nginx.ingress.kubernetes.io/auth-realm: "Staff only"
                """);

        assertThat(filters.basicAuth()).isEqualTo(new BasicAuth("Staff only", Map.of("alice", SHA, "bob", APR1)));
        assertThat(filters.externalAuth()).isNull();
    }

    @Test
    void an_auth_map_takes_each_key_as_a_user() {
        RequestFilters filters = filters("""
                gatehouse.dev/auth-type: "basic"
                gatehouse.dev/auth-secret: "default/map"
                gatehouse.dev/auth-secret-type: "auth-map"
                """);

        assertThat(filters.basicAuth()).isEqualTo(new BasicAuth("", Map.of("carol", SHA)));
    }

    @Test
    void external_auth_keys_become_the_subrequest_its_answers_and_their_cache() {
        RequestFilters filters = filters("""
                nginx.ingress.kubernetes.io/auth-url: "https://$host/oauth2/auth"
                nginx.ingress.kubernetes.io/auth-method: "post"
                nginx.ingress.kubernetes.io/auth-signin: "https://login.example/start"
                nginx.ingress.kubernetes.io/auth-signin-redirect-param: "next"
                nginx.ingress.kubernetes.io/auth-response-headers: "X-User, X-Email"
                nginx.ingress.kubernetes.io/auth-request-redirect: "$scheme://$host$request_uri"
                nginx.ingress.kubernetes.io/auth-cache-key: "$remote_user$http_authorization"
                nginx.ingress.kubernetes.io/auth-cache-duration: "200 202 10m, 401 30s, 1h"
                nginx.ingress.kubernetes.io/auth-proxy-set-headers: "scope"
                """);

        assertThat(filters.externalAuth()).isEqualTo(new ExternalAuth(new RequestTemplate("https://$host/oauth2/auth"), "POST",
                new RequestTemplate("https://login.example/start"), "next", List.of("x-user", "x-email"),
                new RequestTemplate("$scheme://$host$request_uri"), new RequestTemplate("$remote_user$http_authorization"),
                Map.of(200, Duration.ofMinutes(10), 202, Duration.ofMinutes(10), 401, Duration.ofSeconds(30),
                        301, Duration.ofHours(1), 302, Duration.ofHours(1)),
                Map.of("x-auth-scope", new RequestTemplate("orders"), "x-client", new RequestTemplate("$remote_addr"))));
        assertThat(filters.basicAuth()).isNull();
    }

    @Test
    void external_auth_caches_nothing_without_a_key_and_ingress_nginxs_default_durations_with_one() {
        ExternalAuth plain = filters("nginx.ingress.kubernetes.io/auth-url: \"http://auth.internal/check\"\n").externalAuth();
        ExternalAuth cached = filters("nginx.ingress.kubernetes.io/auth-url: \"http://auth.internal/check\"\n"
                + "nginx.ingress.kubernetes.io/auth-cache-key: \"$cookie_session\"\n").externalAuth();

        assertThat(plain.cacheDuration(200)).isNull();
        assertThat(plain.method()).isEqualTo("GET");
        assertThat(cached.cacheDurations()).isEqualTo(Map.of(200, Duration.ofMinutes(5), 202, Duration.ofMinutes(5),
                401, Duration.ofMinutes(5)));
        assertThat(cached.cacheDuration(403)).isNull();
    }

    @Test
    void auth_always_set_cookie_sends_the_auth_services_cookies_on_every_answer_and_is_off_by_default() {
        ExternalAuth usual = filters("nginx.ingress.kubernetes.io/auth-url: \"http://auth.internal/check\"\n").externalAuth();
        ExternalAuth always = filters("nginx.ingress.kubernetes.io/auth-url: \"http://auth.internal/check\"\n"
                + "nginx.ingress.kubernetes.io/auth-always-set-cookie: \"true\"\n").externalAuth();

        assertThat(usual.alwaysSetCookie()).isFalse();
        assertThat(always.alwaysSetCookie()).isTrue();
    }

    @Test
    void the_kubernetes_source_watches_only_what_our_ingresses_name_in_their_own_namespace_and_the_readers_use() {
        Ingress basic = ingressWith("""
                gatehouse.dev/auth-type: "basic"
                gatehouse.dev/auth-secret: "users"
                nginx.ingress.kubernetes.io/auth-secret: "ignored"
                nginx.ingress.kubernetes.io/custom-headers: "default/security"
                gatehouse.dev/request-headers: "upstream"
                """);
        Ingress external = ingressWith("""
                nginx.ingress.kubernetes.io/auth-url: "http://auth.internal/check"
                nginx.ingress.kubernetes.io/auth-proxy-set-headers: "scope"
                nginx.ingress.kubernetes.io/auth-secret: "without-auth-type"
                """);
        Ingress elsewhere = ingressWith("""
                nginx.ingress.kubernetes.io/auth-type: "basic"
                nginx.ingress.kubernetes.io/auth-secret: "kube-system/admins"
                nginx.ingress.kubernetes.io/custom-headers: "kube-system/aws-auth"
                nginx.ingress.kubernetes.io/auth-proxy-set-headers: "without-auth-url"
                """);
        Ingress notOurs = new io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder(basic).editSpec()
                .withIngressClassName("nginx").endSpec().editMetadata().withName("theirs")
                .addToAnnotations("gatehouse.dev/auth-secret", "theirs").addToAnnotations("gatehouse.dev/request-headers", "theirs")
                .endMetadata().build();

        NamedObjects.Names names = NamedObjects.of(TranslatorSettings.defaults(), List.of(),
                List.of(basic, external, elsewhere, notOurs));

        assertThat(names.secrets()).containsExactly("default/users");
        assertThat(names.configMaps()).containsExactlyInAnyOrder("default/security", "default/upstream", "default/scope");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "auth-type=digest                                   | 503  | auth-type: \"digest\" is not supported by Gatehouse (expected basic); every request is answered 503 until it is fixed",
            "auth-type=ldap                                     | 503  | auth-type: \"ldap\" is not an authentication type (expected basic); every request is answered 503 until it is fixed",
            "auth-type=basic                                    | 503  | auth-type: \"basic\" needs auth-secret, the Secret of its users; every request is answered 503 until it is fixed",
            "auth-type=basic;auth-secret=Bad_Name               | 503  | auth-secret: \"Bad_Name\" is not a Secret (expected NAME or NAMESPACE/NAME); every request is answered 503 until it is fixed",
            "auth-type=basic;auth-secret=a/b/c                  | 503  | auth-secret: \"a/b/c\" is not a Secret (expected NAME or NAMESPACE/NAME); every request is answered 503 until it is fixed",
            "auth-type=basic;auth-secret=missing                | 503  | auth-secret: \"missing\" names Secret default/missing, which does not exist; every request is answered 503 until it is fixed",
            "auth-type=basic;auth-secret=nokey                  | 503  | auth-secret: \"nokey\" names Secret default/nokey, which has no key \"auth\" (expected an htpasswd file there, or auth-secret-type: auth-map); every request is answered 503 until it is fixed",
            "auth-type=basic;auth-secret=empty                  | 503  | auth-secret: \"empty\" names Secret default/empty, which holds no user that can sign in; every request is answered 503 until it is fixed",
            "auth-type=basic;auth-secret=badline                | basic | auth-secret: \"badline\" names Secret default/badline, whose line 2 is not user:hash (expected an htpasswd line); that line is left out",
            "auth-type=basic;auth-secret=badhash                | basic | auth-secret: \"badhash\" names Secret default/badhash, whose user \"bob\" has a hash of a form Gatehouse cannot check (expected bcrypt, $apr1$, $1$, $5$, $6$ or {SHA}); that user cannot sign in",
            "auth-type=basic;auth-secret=shared/map             | 503  | auth-secret: \"shared/map\" refers to a Secret in namespace shared (expected one in the Ingress's namespace default); every request is answered 503 until it is fixed",
            "auth-type=basic;auth-secret=users;auth-secret-type=htpasswd | 503 | auth-secret-type: \"htpasswd\" is not a Secret type (expected auth-file or auth-map); every request is answered 503 until it is fixed",
            "auth-type=basic;auth-secret=users;auth-realm=a\"b  | basic | auth-realm: \"a\"b\" is not a realm (expected printable text without '\"'); using an empty realm",
            "auth-secret=users                                  | open | auth-secret: \"users\" has no effect without auth-type: basic (as in ingress-nginx); the Ingress is served without basic auth",
            "auth-url=ftp://auth.internal/check                 | 503  | auth-url: \"ftp://auth.internal/check\" is not an http or https URL (expected e.g. http://auth.example/check, nginx variables such as $host allowed); every request is answered 503 until it is fixed",
            "auth-url=http://                                   | 503  | auth-url: \"http://\" is not an http or https URL (expected e.g. http://auth.example/check, nginx variables such as $host allowed); every request is answered 503 until it is fixed",
            "auth-url=http://auth.internal/$foo                 | 503  | auth-url: \"http://auth.internal/$foo\" is not usable: $foo is not a variable Gatehouse fills in (expected one of $args, $escaped_request_uri, $host, $http_host, $pass_access_scheme, $remote_addr, $remote_user, $request_method, $request_uri, $scheme, $uri, $http_NAME or $cookie_NAME); every request is answered 503 until it is fixed",
            "auth-url=http://auth.internal/$                    | 503  | auth-url: \"http://auth.internal/$\" is not usable: \"$\" must start a variable such as $host; every request is answered 503 until it is fixed",
            "auth-url=http://gatehouse:hunter2@auth.internal/check | 503 | auth-url: \"http://<user hidden>@auth.internal/check\" holds a user or password (expected a URL without one, e.g. http://auth.example/check; send credentials with auth-proxy-set-headers); every request is answered 503 until it is fixed",
            "auth-url=gatehouse:hunter2@auth.internal/check      | 503  | auth-url: \"<user hidden>@auth.internal/check\" is not an http or https URL (expected e.g. http://auth.example/check, nginx variables such as $host allowed); every request is answered 503 until it is fixed",
            "auth-url=ftp://auth.internal/check?token=hunter2     | 503  | auth-url: \"ftp://auth.internal/check?<query hidden>\" is not an http or https URL (expected e.g. http://auth.example/check, nginx variables such as $host allowed); every request is answered 503 until it is fixed",
            "auth-url=http://auth.internal/check?token=hunter2$x  | 503  | auth-url: \"http://auth.internal/check?<query hidden>\" is not usable: its hidden part holds a \"$\" that starts no variable Gatehouse fills in (expected variables such as $host, $http_NAME or $cookie_NAME there); every request is answered 503 until it is fixed",
            "auth-url=http://auth.internal/check#hunter2$        | 503  | auth-url: \"http://auth.internal/check#<fragment hidden>\" is not usable: its hidden part holds a \"$\" that starts no variable Gatehouse fills in (expected variables such as $host, $http_NAME or $cookie_NAME there); every request is answered 503 until it is fixed",
            "auth-url=http://auth.internal/;auth-method=G E T   | external | auth-method: \"G E T\" is not an HTTP method (expected e.g. GET or POST); using GET",
            "auth-url=http://auth.internal/;auth-signin=login   | external | auth-signin: \"login\" is not an http or https URL (expected e.g. https://login.example/start, nginx variables such as $host allowed); a 401 is passed on instead",
            "auth-url=http://auth.internal/;auth-signin=https://login.example/?u=$user | external | auth-signin: \"https://login.example/?u=$user\" is not usable: $user is not a variable Gatehouse fills in (expected one of $args, $escaped_request_uri, $host, $http_host, $pass_access_scheme, $remote_addr, $remote_user, $request_method, $request_uri, $scheme, $uri, $http_NAME or $cookie_NAME); a 401 is passed on instead",
            "auth-url=http://auth.internal/;auth-signin-redirect-param=r&d | external | auth-signin-redirect-param: \"r&d\" is not a query parameter name (expected e.g. rd); using rd",
            "auth-url=http://auth.internal/;auth-response-headers=X-User, Bad Header | external | auth-response-headers: \"X-User, Bad Header\" holds \"Bad Header\", which is not a header name (expected comma-separated names such as X-User); that header is not copied",
            "auth-url=http://auth.internal/;auth-response-headers=Content-Length | external | auth-response-headers: \"Content-Length\" holds \"Content-Length\", which frames or routes the request (expected headers such as X-User); that header is not copied",
            "auth-url=http://auth.internal/;auth-request-redirect=$nope | external | auth-request-redirect: \"$nope\" is not usable: $nope is not a variable Gatehouse fills in (expected one of $args, $escaped_request_uri, $host, $http_host, $pass_access_scheme, $remote_addr, $remote_user, $request_method, $request_uri, $scheme, $uri, $http_NAME or $cookie_NAME); the request URI is sent",
            "auth-url=http://auth.internal/;auth-cache-key=$nope | external | auth-cache-key: \"$nope\" is not usable: $nope is not a variable Gatehouse fills in (expected one of $args, $escaped_request_uri, $host, $http_host, $pass_access_scheme, $remote_addr, $remote_user, $request_method, $request_uri, $scheme, $uri, $http_NAME or $cookie_NAME); answers are not cached",
            "auth-url=http://auth.internal/;auth-cache-key=$remote_user;auth-cache-duration=soon | external | auth-cache-duration: \"soon\" is not a cache duration (expected statuses and a time, e.g. \"200 202 401 5m\", several separated by commas); using 200 202 401 5m",
            "auth-url=http://auth.internal/;auth-cache-key=$remote_user;auth-cache-duration=200 ok 5m | external | auth-cache-duration: \"200 ok 5m\" is not a cache duration (expected statuses and a time, e.g. \"200 202 401 5m\", several separated by commas); using 200 202 401 5m",
            "auth-url=http://auth.internal/;auth-always-set-cookie=yes | external | auth-always-set-cookie: \"yes\" is not a boolean (expected \"true\" or \"false\"); its cookies reach the client on 2xx and 3xx answers only",
            "auth-url=http://auth.internal/;auth-proxy-set-headers=a/b/c | 503 | auth-proxy-set-headers: \"a/b/c\" is not a ConfigMap (expected NAME or NAMESPACE/NAME); every request is answered 503 until it is fixed",
            "auth-url=http://auth.internal/;auth-proxy-set-headers=shared/scope | 503 | auth-proxy-set-headers: \"shared/scope\" refers to a ConfigMap in namespace shared (expected one in the Ingress's namespace default); every request is answered 503 until it is fixed",
            "auth-url=http://auth.internal/;auth-proxy-set-headers=missing | 503 | auth-proxy-set-headers: \"missing\" refers to ConfigMap default/missing, which does not exist; every request is answered 503 until it is fixed",
            "auth-url=http://auth.internal/;auth-proxy-set-headers=spoofing | external | auth-proxy-set-headers: \"spoofing\" refers to ConfigMap default/spoofing, whose key \"X-Forwarded-For\" (value \"1.2.3.4\") is set by the proxy from the client's connection (expected an end-to-end header such as X-Frame-Options); that header is not sent",
            "auth-url=http://auth.internal/;auth-proxy-set-headers=unfilled | external | auth-proxy-set-headers: \"unfilled\" refers to ConfigMap default/unfilled, whose key \"X-Scope\" (value \"$nope\") is not usable: $nope is not a variable Gatehouse fills in (expected one of $args, $escaped_request_uri, $host, $http_host, $pass_access_scheme, $remote_addr, $remote_user, $request_method, $request_uri, $scheme, $uri, $http_NAME or $cookie_NAME); that header is not sent",
            "auth-url=http://auth.internal/;auth-cache-key=$remote_user;auth-cache-duration=200 0s | external | auth-cache-duration: \"200 0s\" is not a cache duration (expected statuses and a time, e.g. \"200 202 401 5m\", several separated by commas); using 200 202 401 5m",
    })
    void an_invalid_value_is_reported_by_key_value_and_expectation_and_never_opens_the_ingress(String settings, String effect,
                                                                                                String message) {
        StringBuilder annotations = new StringBuilder();
        for (String setting : settings.split(";")) {
            String[] pair = setting.split("=", 2);
            annotations.append("nginx.ingress.kubernetes.io/").append(pair[0].trim()).append(": \"")
                    .append(pair[1].trim().replace("\"", "\\\"")).append("\"\n");
        }
        List<Warning> warnings = new java.util.ArrayList<>();

        RequestFilters filters = filters(annotations.toString(), warnings);

        assertThat(warnings).extracting(Warning::message).containsExactly("ingress default/web: annotation nginx.ingress.kubernetes.io/"
                + message);
        assertThat(warnings).extracting(Warning::reason).containsOnly(Warning.INVALID_ANNOTATION);
        switch (effect) {
            case "503" -> assertThat(filters.basicAuth().unavailable()).as("every request answered 503").isTrue();
            case "basic" -> assertThat(filters.basicAuth().users()).containsKey("alice");
            case "external" -> assertThat(filters.externalAuth()).isNotNull();
            default -> assertThat(filters.basicAuth()).isNull();
        }
    }

    /** The filters of an Ingress with these annotations, which must all be valid. */
    private RequestFilters filters(String annotations) {
        List<Warning> warnings = new java.util.ArrayList<>();
        RequestFilters filters = filters(annotations, warnings);
        assertThat(warnings).isEmpty();
        return filters;
    }

    private RequestFilters filters(String annotations, List<Warning> warnings) {
        String web = ingress("web", "web.example", "Prefix", "/", "web", 80)
                .replaceFirst("metadata:\n  name: web\n", java.util.regex.Matcher.quoteReplacement(
                "metadata:\n  name: web\n  annotations:\n" + annotations.indent(4)));
        Translation translation = translator.translate(view(service("web", 80, "10.0.0.1", 8080), web,
                secret("default", "users", "auth", "alice:" + SHA + "\nbob:" + APR1 + "\n"),
                secret("default", "map", "carol", SHA),
                secret("shared", "map", "carol", SHA),
                secret("default", "nokey", "users", "alice:" + SHA),
                secret("default", "empty", "auth", "# nobody yet\n"),
                secret("default", "badline", "auth", "alice:" + SHA + "\njust-a-name\n"),
                secret("default", "badhash", "auth", "alice:" + SHA + "\nbob:plain-text-password\n"),
                configMap("default", "scope", "X-Auth-Scope: orders\n  X-Client: $remote_addr"),
                configMap("shared", "scope", "X-Auth-Scope: orders"),
                configMap("default", "spoofing", "X-Forwarded-For: 1.2.3.4\n  X-Scope: orders"),
                configMap("default", "unfilled", "X-Scope: $nope")));
        warnings.addAll(translation.warnings());
        assertThat(translation.snapshot().virtualHosts()).as("the Ingress keeps its routes").hasSize(1);
        return ((RouteAction.Forward) translation.snapshot().router().find("web.example", "/").action()).filters();
    }

    private static Ingress ingressWith(String annotations) {
        String web = ingress("web", "web.example", "Prefix", "/", "web", 80)
                .replaceFirst("metadata:\n  name: web\n", java.util.regex.Matcher.quoteReplacement(
                "metadata:\n  name: web\n  annotations:\n" + annotations.indent(4)));
        return (Ingress) Manifests.objects(web).get(0);
    }

    private static String configMap(String namespace, String name, String data) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                  namespace: %s
                data:
                  %s
                """.formatted(name, namespace, data);
    }

    private static String secret(String namespace, String name, String key, String value) {
        return """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: %s
                  namespace: %s
                type: Opaque
                data:
                  %s: %s
                """.formatted(name, namespace, key, Base64.getEncoder().encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
