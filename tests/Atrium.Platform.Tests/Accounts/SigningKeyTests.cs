using Atrium.Platform.Accounts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Atrium.Platform.Tests.Accounts;

public sealed class SigningKeyTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("atrium-key-").FullName;

    [Fact]
    public void Outside_development_a_missing_key_stops_the_start() =>
        Assert.Throws<InvalidOperationException>(() => new SigningKey(new AuthOptions(), Configuration(), Environment("Production")));

    [Theory]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")]
    public void A_malformed_or_short_key_is_refused(string key) =>
        Assert.Throws<InvalidOperationException>(() => new SigningKey(new AuthOptions { SigningKey = key }, Configuration(), Environment("Production")));

    [Fact]
    public void In_development_a_key_is_generated_once_and_kept()
    {
        var first = new SigningKey(new AuthOptions(), Configuration(), Environment("Development"));
        var second = new SigningKey(new AuthOptions(), Configuration(), Environment("Development"));
        Assert.Equal(first.Key.Key, second.Key.Key);
        Assert.True(first.Key.Key.Length >= SigningKey.MinimumBytes);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "jwt-signing.key")));
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private IConfiguration Configuration() =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Atrium:DataDirectory"] = folder }).Build();

    private TestEnvironment Environment(string name) => new TestEnvironment { EnvironmentName = name, ContentRootPath = folder };

    private sealed class TestEnvironment : IHostEnvironment
    {
        public required string EnvironmentName { get; set; }
        public string ApplicationName { get; set; } = "Atrium.Tests";
        public required string ContentRootPath { get; set; }
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
