package dev.mapisync.it.providers;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** One account of the test account provider, described by Metatype like a real provider's. */
@ObjectClassDefinition(name = "Test account", description = "An account of the test account provider")
public @interface AccountConfig {

    String PID = "test.account";

    @AttributeDefinition(name = "Account", description = "The store's id")
    String account();

    @AttributeDefinition(name = "Port", min = "1", max = "65535")
    int port() default 143;

    @AttributeDefinition(name = "Security", options = {@Option(value = "tls"), @Option(value = "starttls"),
            @Option(value = "plain")})
    String security() default "tls";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(name = "Step (ms)", description = "How long each of the sync's steps takes", min = "0")
    long stepMillis() default 0;
}
