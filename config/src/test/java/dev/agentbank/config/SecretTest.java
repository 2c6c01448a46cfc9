package dev.agentbank.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void toStringHidesTheValue() {
        Secret secret = new Secret("hunter2");
        assertThat(secret.toString()).isEqualTo("****").doesNotContain("hunter2");
        assertThat(String.valueOf(secret)).doesNotContain("hunter2");
        assertThat(secret.value()).isEqualTo("hunter2");
        assertThat(secret.isEmpty()).isFalse();
    }

    @Test
    void anEmptySecretSaysItIsUnset() {
        assertThat(new Secret("").toString()).isEqualTo("(unset)");
        assertThat(new Secret("").isEmpty()).isTrue();
    }

    @Test
    void aSecretIsNeverNull() {
        assertThatThrownBy(() -> new Secret(null)).isInstanceOf(NullPointerException.class);
    }
}
