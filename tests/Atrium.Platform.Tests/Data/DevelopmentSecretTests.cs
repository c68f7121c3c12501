using Atrium.Platform.Data;

namespace Atrium.Platform.Tests.Data;

public sealed class DevelopmentSecretTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atrium-secret-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_new_secret_is_owner_only_and_read_back_afterwards()
    {
        var first = DataDirectory.ReadOrCreateSecret(_folder, "test.key", () => "made-once");
        var second = DataDirectory.ReadOrCreateSecret(_folder, "test.key", () => "made-twice");

        Assert.Equal("made-once", first);
        Assert.Equal("made-once", second);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, "test.key")));
        }

        // No temporary files left behind.
        Assert.Equal(["test.key"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void An_invalid_secret_on_disk_is_replaced()
    {
        File.WriteAllText(Path.Combine(_folder, "test.key"), "garbage");

        var secret = DataDirectory.ReadOrCreateSecret(_folder, "test.key", () => "good", valid: s => s == "good");

        Assert.Equal("good", secret);
        Assert.Equal("good", File.ReadAllText(Path.Combine(_folder, "test.key")));
    }

    [Fact]
    public async Task Starters_racing_on_one_folder_end_up_with_one_secret()
    {
        using var start = new Barrier(8);
        var secrets = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            return DataDirectory.ReadOrCreateSecret(_folder, "race.key", () => $"secret-{i}");
        })));

        Assert.Single(secrets.Distinct());
        Assert.Equal(secrets[0], File.ReadAllText(Path.Combine(_folder, "race.key")));
        Assert.Single(Directory.GetFiles(_folder));
    }
}
