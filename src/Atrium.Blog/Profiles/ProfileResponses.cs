namespace Atrium.Blog.Profiles;

public sealed record ProfileEnvelope(ProfileResponse Profile);

public sealed record ProfileResponse(string Username, string? Bio, string? Image, bool Following);
