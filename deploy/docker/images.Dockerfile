# syntax=docker/dockerfile:1
# Atrium.Images.Server: the image service on its own (uploads, signed transforms, result cache) with
# the platform core. Same conventions as deploy/docker/Dockerfile (port 8080, non-root, data volume).
# libvips comes inside the NetVips.Native package: the runtime image needs nothing installed.
# Build from the repository root:  docker build -f deploy/docker/images.Dockerfile -t atrium-images .

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Atrium.Platform/Atrium.Platform.csproj src/Atrium.Platform/
COPY src/Atrium.Images/Atrium.Images.csproj src/Atrium.Images/
COPY src/Atrium.Images.Server/Atrium.Images.Server.csproj src/Atrium.Images.Server/
RUN dotnet restore src/Atrium.Images.Server/Atrium.Images.Server.csproj
COPY src/ src/
RUN dotnet publish src/Atrium.Images.Server/Atrium.Images.Server.csproj -c Release --no-restore -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Atrium__DataDirectory=/var/lib/atrium
RUN mkdir -p /var/lib/atrium && chown "$APP_UID" /var/lib/atrium
COPY --from=build /app .
COPY deploy/docker/healthcheck.sh /usr/local/bin/atrium-healthcheck
USER $APP_UID
EXPOSE 8080
VOLUME ["/var/lib/atrium"]
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["bash", "/usr/local/bin/atrium-healthcheck"]
ENTRYPOINT ["dotnet", "Atrium.Images.Server.dll"]
