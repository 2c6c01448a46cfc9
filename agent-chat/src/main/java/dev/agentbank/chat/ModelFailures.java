package dev.agentbank.chat;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/** Turns a failed model call into one line for the user: what happened and that the conversation is kept. */
final class ModelFailures {
    private ModelFailures() {}

    static String describe(Throwable failure, String endpoint, Duration timeout) {
        return reason(failure, endpoint, timeout) + " Your conversation is kept; try again.";
    }

    private static String reason(Throwable failure, String endpoint, Duration timeout) {
        if (has(failure, HttpConnectTimeoutException.class) || has(failure, ConnectException.class)) {
            return "Could not reach the model at " + endpoint + ".";
        }
        if (has(failure, HttpTimeoutException.class) || has(failure, TimeoutException.class)
                || has(failure, java.util.concurrent.TimeoutException.class)) {
            return "The model at " + endpoint + " did not answer within " + timeout.toSeconds() + " s.";
        }
        if (has(failure, UnresolvedModelServerException.class) || has(failure, UnresolvedAddressException.class)
                || has(failure, java.net.UnknownHostException.class)) {
            return "Could not find the model server " + endpoint + " (check BANK_LLM_BASE_URL).";
        }
        if (has(failure, AuthenticationException.class)) {
            return "The model endpoint " + endpoint + " refused the API key (check BANK_LLM_API_KEY).";
        }
        if (has(failure, ModelNotFoundException.class)) {
            return "The model endpoint " + endpoint + " does not know this model (check BANK_LLM_MODEL).";
        }
        if (has(failure, RateLimitException.class)) {
            return "The model endpoint " + endpoint + " is rate-limiting requests.";
        }
        if (has(failure, InternalServerException.class)) {
            return "The model endpoint " + endpoint + " failed with a server error.";
        }
        if (has(failure, InvalidRequestException.class) || has(failure, HttpException.class)) {
            return "The model endpoint " + endpoint + " rejected the request.";
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        if (message.contains("maxToolCallingRoundTrips")) {
            return "The assistant stopped after too many tool steps without an answer.";
        }
        if (has(failure, java.io.IOException.class)) {
            return "The connection to the model at " + endpoint + " failed.";
        }
        return "The model call failed (" + failure.getClass().getSimpleName() + ").";
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
