# gate in a container: the build stage has the Swift toolchain and the -dev packages; the runtime image
# holds only the relocatable gate tree that `scripts/dist` makes (binary + the C libraries it loads)
# and ssh-keygen, which `gate approve` signs with; ca-certificates lets the shipped libcurl verify api.github.com
# (GitHub-review approvals).
#
#   docker build -t gate .
#   docker run --rm -v "$PWD:/repo" -w /repo gate check --base origin/main

FROM swift:6.1-bookworm AS build
WORKDIR /src
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends libgit2-dev libpq-dev libpg-query-dev libcurl4-openssl-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
COPY Package.swift ./
COPY Sources Sources
COPY Tests Tests
COPY scripts scripts
COPY policies policies
COPY README.md ./
RUN scripts/dist /dist && mkdir /gate && tar -xzf /dist/gate-*.tar.gz -C /gate --strip-components=1

FROM debian:bookworm-slim
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends openssh-client ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /gate /opt/gate
RUN ln -s /opt/gate/bin/gate /usr/local/bin/gate && gate --version
ENTRYPOINT ["gate"]
