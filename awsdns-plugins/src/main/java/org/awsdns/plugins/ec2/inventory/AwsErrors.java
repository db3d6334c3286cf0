package org.awsdns.plugins.ec2.inventory;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Names failures for logs and metrics, never with request contents or credentials. */
public final class AwsErrors {
    private AwsErrors() {}

    public static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** The AWS error code ({@code RequestLimitExceeded}, {@code AuthFailure}, ...) or the exception's class. */
    public static String code(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            String status = "HTTP " + service.statusCode();
            return code == null || code.isEmpty() ? status : code + " (" + status + ")";
        }
        if (cause instanceof java.io.UncheckedIOException && cause.getMessage() != null) {
            return cause.getMessage(); // a file source's failure, already in words with its path
        }
        return cause.getClass().getSimpleName();
    }

    static boolean isThrottling(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            return service.isThrottlingException() || "RequestLimitExceeded".equals(code);
        }
        return false;
    }
}
