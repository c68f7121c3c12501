using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Atrium.Images;

/// <summary>413: the upload is larger than <see cref="ImagesOptions.MaxUploadBytes"/>.</summary>
public sealed class PayloadTooLargeError(string message) : ApiError(StatusCodes.Status413PayloadTooLarge, ErrorBody.For("file", message)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status413PayloadTooLarge, typeof(ErrorBody), ["application/json"]));
}

/// <summary>415: the bytes are not an image type the service reads.</summary>
public sealed class UnsupportedImageError(string message) : ApiError(StatusCodes.Status415UnsupportedMediaType, ErrorBody.For("file", message)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status415UnsupportedMediaType, typeof(ErrorBody), ["application/json"]));
}

/// <summary>429: every processing slot is busy and the queue is full; retry after the stated seconds.</summary>
public sealed class OverloadedError(int retryAfterSeconds) : ApiError(StatusCodes.Status429TooManyRequests, ErrorBody.For("image", "the service is busy, retry later")), IEndpointMetadataProvider
{
    public override Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return base.ExecuteAsync(httpContext);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(ErrorBody), ["application/json"]));
}

/// <summary>503: processing ran past <see cref="ImagesOptions.OperationTimeout"/>.</summary>
public sealed class ProcessingTimeoutError(int retryAfterSeconds) : ApiError(StatusCodes.Status503ServiceUnavailable, ErrorBody.For("image", "processing timed out")), IEndpointMetadataProvider
{
    public override Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return base.ExecuteAsync(httpContext);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(ErrorBody), ["application/json"]));
}
