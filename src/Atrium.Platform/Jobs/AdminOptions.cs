namespace Atrium.Platform.Jobs;

/// <summary>Who may see the operator pages (<c>Atrium:Admin</c>) until the platform has roles.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Atrium:Admin";

    /// <summary>Usernames (case-insensitive) of the signed-in users who are administrators. Empty: nobody.</summary>
    public string[] Usernames { get; set; } = [];
}
