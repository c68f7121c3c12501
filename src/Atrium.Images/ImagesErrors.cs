using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Atrium.Images;

// The image service's own failures, in the platform's error shape: the body, Retry-After and the
// OpenAPI description all come from Atrium.Platform.Errors; only the status, field and message are here.

/// <summary>413: the upload is larger than <see cref="ImagesOptions.MaxUploadBytes"/>.</summary>
public sealed class PayloadTooLargeError(string message)
    : ApiError(StatusCodes.Status413PayloadTooLarge, ErrorBody.For("file", message)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status413PayloadTooLarge);
}

/// <summary>415: the bytes are not an image type the service reads.</summary>
public sealed class UnsupportedImageError(string message)
    : ApiError(StatusCodes.Status415UnsupportedMediaType, ErrorBody.For("file", message)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status415UnsupportedMediaType);
}

/// <summary>429: every processing slot is busy and the queue is full; retry after the stated seconds.</summary>
public sealed class OverloadedError(int retryAfterSeconds)
    : RetryLaterError(StatusCodes.Status429TooManyRequests, ErrorBody.For("image", "the service is busy, retry later"), retryAfterSeconds), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status429TooManyRequests);
}

/// <summary>503: processing ran past <see cref="ImagesOptions.OperationTimeout"/>; retry after the stated seconds.</summary>
public sealed class ProcessingTimeoutError(int retryAfterSeconds)
    : RetryLaterError(StatusCodes.Status503ServiceUnavailable, ErrorBody.For("image", "processing timed out"), retryAfterSeconds), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status503ServiceUnavailable);
}
