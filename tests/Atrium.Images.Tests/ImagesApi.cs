using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Atrium.Testing;

namespace Atrium.Images.Tests;

/// <summary>The client's side of the image service, written from the documented rules (not the server's code).</summary>
internal static class ImagesApi
{
    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, byte[] bytes, string fileName = "photo.jpg", string contentType = "image/jpeg", string query = "")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        return await client.PostAsync("/api/images" + query, form);
    }

    /// <summary>Uploads and returns the image's metadata (asserting 201).</summary>
    public static async Task<JsonNode> UploadImageAsync(this TestUser user, byte[] bytes)
    {
        var json = await (await user.Client().UploadAsync(bytes)).JsonAsync(HttpStatusCode.Created);
        return json["image"]!;
    }

    /// <summary>
    /// A signed transform URL: signature = base64url(HMAC-SHA256(key, "/{options}/{file}")), no padding.
    /// </summary>
    public static string Url(string base64Key, string options, string file)
    {
        var path = $"/{options}/{file}";
        var signature = Base64Url.EncodeToString(HMACSHA256.HashData(Convert.FromBase64String(base64Key), Encoding.UTF8.GetBytes(path)));
        return $"/img/{signature}{path}";
    }

    public static string Url(this AtriumApp app, string options, string id, string ext = "png") =>
        Url(app.ImageSigningKey, options, ext.Length == 0 ? id : $"{id}.{ext}");
}
