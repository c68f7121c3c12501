using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Atrium.Images.Storage;

/// <summary>Objects in one bucket of an S3-compatible service (AWS, MinIO, Ceph, R2 …), through the S3 API.</summary>
public sealed class S3ImageStorage : IImageStorage, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly string _bucket;

    public S3ImageStorage(ImageStorageOptions options)
    {
        _bucket = options.Bucket;
        var config = new AmazonS3Config
        {
            ServiceURL = options.ServiceUrl,
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
            // Checksums only when the operation requires them: S3-compatible servers vary in what they accept.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        _client = string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> bytes, string contentType, CancellationToken ct)
    {
        using var body = new MemoryStream(bytes.ToArray(), writable: false);
        await _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket,
            Key = key,
            InputStream = body,
            ContentType = contentType,
            AutoCloseStream = false,
            // A plain signed body: aws-chunked framing is not understood by every S3-compatible server.
            UseChunkEncoding = false,
        }, ct);
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken ct)
    {
        try
        {
            using var response = await _client.GetObjectAsync(_bucket, key, ct);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, ct);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task DeleteAsync(string key, CancellationToken ct) => _client.DeleteObjectAsync(_bucket, key, ct);

    public async Task DeletePrefixAsync(string prefix, CancellationToken ct)
    {
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix };
        ListObjectsV2Response page;
        do
        {
            page = await _client.ListObjectsV2Async(request, ct);
            foreach (var entry in page.S3Objects ?? [])
            {
                await _client.DeleteObjectAsync(_bucket, entry.Key, ct);
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
    }

    public string? LocalFile(string key) => null;

    public Task CheckAsync(CancellationToken ct) => _client.GetBucketLocationAsync(_bucket, ct);

    public void Dispose() => _client.Dispose();
}
