package dev.agentbank.tools;

import dev.agentbank.identity.Capability;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Who may call a {@code @Tool} method and what it does. Every bank tool carries one. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ToolPolicy {
    Capability requires();

    Effect effect();

    /** True when the tool reaches a system outside the bank's database (the provider). */
    boolean openWorld() default false;

    /** A short human title for tool lists. */
    String title();
}
