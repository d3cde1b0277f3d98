/**
 * Real-world `docker run` lines (docs examples and README-style ones), the oracle corpus of issue 15. Each
 * names its image once as a word of its own (`image`), so the test can put the local test image in its place;
 * host ports are on 127.0.0.1 and named volumes start with `oracle-` (the test removes those it saw made).
 * `ORACLE_NETWORK` is a user-defined network the test creates, for aliases and fixed addresses; `ORACLE_PEER`
 * a container it creates, for the options that name another container.
 */

export const ORACLE_NETWORK = 'berth-oracle-net';
export const ORACLE_SUBNET = '10.231.57.0/24';
/** A container the test creates, for the options that name another one (--volumes-from, --link, container:). */
export const ORACLE_PEER = 'berth-oracle-peer';

export interface CorpusLine {
  line: string;
  image: string;
}

const line = (image: string, text: string): CorpusLine => ({ image, line: text });

export const DOCKER_RUN_CORPUS: CorpusLine[] = [
  // --- the seed examples and the classics of every README
  line('nginx:alpine', 'docker run -d -p 127.0.0.1:8080:80 --name web nginx:alpine'),
  line('ubuntu', 'docker run -it --privileged=true -v /tmp:/data ubuntu /bin/bash'),
  line('mysql:5.7', 'docker run --memory=500m -e MYSQL_ROOT_PASSWORD=123456 -d mysql:5.7'),
  line('nginx', 'docker run --name some-nginx -v /tmp:/usr/share/nginx/html:ro -d nginx'),
  line('redis', 'docker run --name some-redis -d redis redis-server --save 60 1 --loglevel warning'),
  line(
    'postgres:16',
    `docker run -d \\
  --name some-postgres \\
  -e POSTGRES_PASSWORD=mysecretpassword \\
  -e PGDATA=/var/lib/postgresql/data/pgdata \\
  -v oracle-pgdata:/var/lib/postgresql/data \\
  -p 127.0.0.1:5432:5432 \\
  postgres:16`,
  ),
  line(
    'mariadb:11',
    'docker run --detach --name some-mariadb --env MARIADB_USER=example-user --env MARIADB_PASSWORD=my_cool_secret --env MARIADB_ROOT_PASSWORD=my-secret-pw mariadb:11',
  ),
  line(
    'mongo',
    'docker run --name some-mongo -e MONGO_INITDB_ROOT_USERNAME=mongoadmin -e MONGO_INITDB_ROOT_PASSWORD=secret -d mongo',
  ),
  line(
    'traefik:v3.0',
    `docker run -d -p 127.0.0.1:8081:8080 -p 127.0.0.1:80:80 \\
  -v /var/run/docker.sock:/var/run/docker.sock:ro \\
  --label "traefik.enable=true" \\
  --label 'traefik.http.routers.api.rule=Host(\`traefik.localhost\`)' \\
  --label traefik.http.routers.api.service=api@internal \\
  traefik:v3.0 --api.insecure=true --providers.docker`,
  ),
  line(
    'containous/whoami',
    `docker run -d --name whoami -l traefik.http.routers.whoami.rule="Host(\\\`whoami.docker.localhost\\\`)" containous/whoami`,
  ),
  line(
    'portainer/portainer-ce:latest',
    'docker run -d -p 127.0.0.1:9443:9443 --name portainer --restart=always -v /var/run/docker.sock:/var/run/docker.sock -v oracle-portainer:/data portainer/portainer-ce:latest',
  ),
  line('registry:2', 'docker run -d -p 127.0.0.1:5000:5000 --restart always --name registry registry:2'),
  line(
    'httpd:2.4',
    'docker run -dit --name my-apache-app -p 127.0.0.1:8082:80 -v /tmp/:/usr/local/apache2/htdocs/ httpd:2.4',
  ),
  line('busybox', 'docker run -it --rm busybox'),
  line('alpine', 'docker container run --rm -it alpine sh -c "echo hello && sleep 1"'),
  line(
    'jenkins/jenkins:lts',
    'docker run -p 127.0.0.1:8083:8080 -p 127.0.0.1:50000:50000 --restart=on-failure -v oracle-jenkins:/var/jenkins_home jenkins/jenkins:lts',
  ),
  line(
    'grafana/grafana',
    'docker run -d --name=grafana -p 127.0.0.1:3000:3000 -e "GF_INSTALL_PLUGINS=grafana-clock-panel,grafana-simple-json-datasource" grafana/grafana',
  ),
  line(
    'prom/prometheus',
    'docker run -p 127.0.0.1:9090:9090 -v /tmp/prometheus.yml:/etc/prometheus/prometheus.yml prom/prometheus',
  ),
  line(
    'pihole/pihole:latest',
    `docker run -d --name pihole -p 127.0.0.1:53:53/tcp -p 127.0.0.1:53:53/udp -p 127.0.0.1:8084:80/tcp -e TZ=Europe/London -e WEBPASSWORD=secret --dns=127.0.0.1 --dns=1.1.1.1 --restart=unless-stopped --hostname pi.hole -e VIRTUAL_HOST="pi.hole" -e PROXY_LOCATION="pi.hole" -e FTLCONF_LOCAL_IPV4="127.0.0.1" --cap-add=NET_ADMIN pihole/pihole:latest`,
  ),
  line(
    'linuxserver/plex',
    'docker run -d --name=plex --net=host -e PUID=1000 -e PGID=1000 -e VERSION=docker -v /tmp/config:/config -v /tmp/tv:/tv --restart unless-stopped linuxserver/plex',
  ),
  line(
    'minio/minio',
    'docker run -p 127.0.0.1:9000:9000 -p 127.0.0.1:9001:9001 --name minio1 -v /tmp/data:/data -e "MINIO_ROOT_USER=ROOTUSER" -e "MINIO_ROOT_PASSWORD=CHANGEME123" minio/minio server /data --console-address ":9001"',
  ),
  line(
    'vaultwarden/server:latest',
    'docker run -d --name vaultwarden -v /tmp/vw-data/:/data/ --restart unless-stopped -p 127.0.0.1:8085:80 vaultwarden/server:latest',
  ),
  line(
    'elasticsearch:8.11.1',
    'docker run -d --name elasticsearch -p 127.0.0.1:9200:9200 -e "discovery.type=single-node" -e ES_JAVA_OPTS="-Xms512m -Xmx512m" --ulimit nofile=65535:65535 --ulimit memlock=-1:-1 elasticsearch:8.11.1',
  ),
  line(
    'rabbitmq:3-management',
    'docker run -d --hostname my-rabbit --name some-rabbit -p 127.0.0.1:15672:15672 -e RABBITMQ_DEFAULT_USER=user -e RABBITMQ_DEFAULT_PASS=password rabbitmq:3-management',
  ),
  line('memcached', 'docker run --name my-memcache -d memcached memcached -m 64'),
  line(
    'gitlab/gitlab-ce:latest',
    `docker run --detach \\
  --hostname gitlab.example.com \\
  --publish 127.0.0.1:443:443 --publish 127.0.0.1:8086:80 --publish 127.0.0.1:2222:22 \\
  --name gitlab \\
  --restart always \\
  --volume oracle-gitlab-config:/etc/gitlab \\
  --volume oracle-gitlab-logs:/var/log/gitlab \\
  --shm-size 256m \\
  gitlab/gitlab-ce:latest`,
  ),
  line(
    'nextcloud',
    'docker run -d -p 127.0.0.1:8087:80 -v oracle-nextcloud:/var/www/html --link-local-ip 169.254.1.1 --network berth-oracle-net nextcloud',
  ),
  line(
    'wordpress',
    'docker run --name some-wordpress --network berth-oracle-net --network-alias blog --network-alias www -d wordpress',
  ),

  // --- healthchecks
  line(
    'nginx:1.25',
    `docker run -d --name healthy --health-cmd "curl -f http://localhost/ || exit 1" --health-interval=30s --health-timeout 10s --health-retries=3 --health-start-period 1m30s nginx:1.25`,
  ),
  line('redis:7', 'docker run -d --health-cmd="redis-cli ping" --health-interval=5s redis:7'),
  line(
    'postgres:15',
    'docker run -d --health-cmd "pg_isready -U postgres" --health-interval 500ms --health-timeout 2s --health-retries 10 -e POSTGRES_PASSWORD=pw postgres:15',
  ),
  line('myapp:1.0', 'docker run -d --no-healthcheck myapp:1.0'),
  line('haproxy:2.9', 'docker run -d --health-interval 1m --health-timeout 1h2m3s haproxy:2.9'),

  // --- mounts and tmpfs
  line('nginx:stable', 'docker run -d --name devtest --mount source=oracle-myvol2,target=/app nginx:stable'),
  line(
    'nginx:mainline',
    'docker run -d --name devtest2 --mount type=bind,source=/tmp,target=/app,readonly nginx:mainline',
  ),
  line(
    'nginx:1.24',
    'docker run -d --mount type=bind,source=/tmp,target=/app,bind-propagation=rslave nginx:1.24',
  ),
  line(
    'nginx:1.23',
    'docker run -d --mount type=tmpfs,destination=/app,tmpfs-mode=1770,tmpfs-size=64m nginx:1.23',
  ),
  line(
    'nginx:1.22',
    'docker run -d --mount "type=volume,src=oracle-nocopy,dst=/data,volume-nocopy" --mount type=volume,target=/anon nginx:1.22',
  ),
  line(
    'nginx:1.21',
    'docker run -d --mount type=volume,source=oracle-labelled,target=/v,volume-label=team=web,volume-label=tier=front,ro=true nginx:1.21',
  ),
  line('nginx:1.20', 'docker run -d --tmpfs /run:rw,noexec,nosuid,size=65536k --tmpfs /tmp nginx:1.20'),
  line(
    'alpine:3.19',
    'docker run --read-only --tmpfs /run --tmpfs /tmp -v oracle-ro:/data:rw alpine:3.19 sleep 1000',
  ),
  line(
    'debian:bookworm',
    'docker run -v /data -v /tmp:/host:ro,rslave -v oracle-named:/named:nocopy debian:bookworm',
  ),
  line(
    'node:20',
    'docker run -it --rm --name my-running-script -v /tmp:/usr/src/app -w /usr/src/app node:20 node your-daemon-or-script.js',
  ),

  // --- ports, expose, publish-all
  line('python:3', 'docker run -d -P --expose 8000 --expose 9000-9002/udp python:3 python -m http.server'),
  line('coredns/coredns', 'docker run -d -p 127.0.0.1:1053:53/udp -p 127.0.0.1:1053:53/tcp coredns/coredns'),
  line(
    'nginx:1.19',
    'docker run -d -p 127.0.0.1:8100-8102:80-82 -p 127.0.0.1::443 -p 127.0.0.1:8103-8110:8080 nginx:1.19',
  ),
  line('sctp/app', 'docker run -d -p 127.0.0.1:9999:9999/sctp --expose=7000/tcp sctp/app'),

  // --- capabilities, devices, security
  line(
    'openvpn/openvpn-as',
    'docker run -d --name=openvpn-as --cap-add=NET_ADMIN --device /dev/net/tun -p 127.0.0.1:943:943 -p 127.0.0.1:1194:1194/udp openvpn/openvpn-as',
  ),
  line(
    'wireguard',
    'docker run -d --cap-add NET_ADMIN --cap-add SYS_MODULE --sysctl="net.ipv4.conf.all.src_valid_mark=1" wireguard',
  ),
  line(
    'hardened/app',
    'docker run -d --cap-drop ALL --cap-add NET_BIND_SERVICE --security-opt no-new-privileges:true --read-only hardened/app',
  ),
  line(
    'fuse/app',
    'docker run -d --device /dev/fuse --cap-add SYS_ADMIN --security-opt apparmor:unconfined fuse/app',
  ),
  line(
    'devices/app',
    'docker run -d --device=/dev/null:/dev/mynull:r --device /dev/zero:rw --device-cgroup-rule="c 1:3 mr" devices/app',
  ),
  line(
    'seccomp/app',
    'docker run --security-opt seccomp=unconfined --security-opt label=disable seccomp/app',
  ),
  line(
    'docker:dind',
    'docker run --privileged -d --name some-docker -e DOCKER_TLS_CERTDIR=/certs -v oracle-dind-certs:/certs docker:dind',
  ),

  // --- dns, hosts, networking
  line(
    'dns/app',
    'docker run -d --dns 8.8.8.8 --dns 2001:4860:4860::8888 --dns-search example.com --dns-option ndots:2 --dns-opt timeout:3 dns/app',
  ),
  line(
    'hosts/app',
    'docker run -d --add-host db.local:10.0.0.5 --add-host=host.docker.internal:host-gateway --add-host ipv6.local:fe80::1 hosts/app',
  ),
  line(
    'static/app',
    'docker run -d --network=berth-oracle-net --ip 10.231.57.10 --mac-address 02:42:ac:11:00:02 --hostname static-app --domainname example.org static/app',
  ),
  line('none/app', 'docker run -d --network none none/app'),
  line(
    'sysctl/app',
    'docker run -d --sysctl net.core.somaxconn=1024 --sysctl net.ipv4.tcp_syncookies=0 sysctl/app',
  ),

  // --- logging, process, runtime
  line(
    'logger/app',
    'docker run -d --log-driver json-file --log-opt max-size=10m --log-opt max-file=3 --log-opt labels=team logger/app',
  ),
  line('quiet/app', 'docker run -d --log-driver none quiet/app'),
  line(
    'syslog/app',
    'docker run -d --log-driver=local --log-opt mode=non-blocking --log-opt max-buffer-size=4m syslog/app',
  ),
  line('tini/app', 'docker run -d --init --stop-signal SIGINT --stop-timeout 30 tini/app'),
  line('noinit/app', 'docker run -d --init=false --stop-signal=SIGQUIT noinit/app'),
  line('chrome', 'docker run -d --shm-size=2g --ipc=shareable --user 1000:1000 chrome'),
  line('debugger', 'docker run -it --pid=host --uts=host --ipc=host --cap-add SYS_PTRACE debugger'),
  line('groups/app', 'docker run -d --group-add audio --group-add 44 -u nobody groups/app'),

  // --- resources and restart forms
  line(
    'limited/app',
    'docker run -d -m 512m --memory-reservation 256m --memory-swap 1g --cpus 1.5 --cpu-shares 512 --cpuset-cpus 0 --pids-limit 100 limited/app',
  ),
  line(
    'swap/app',
    'docker run -d --memory 1g --memory-swap -1 --memory-swappiness 10 --oom-score-adj 500 swap/app',
  ),
  line(
    'cfs/app',
    'docker run -d -c 256 --cpu-period 100000 --cpu-quota 50000 --blkio-weight 300 --cpuset-mems 0 cfs/app',
  ),
  line('retry/app', 'docker run -d --restart on-failure:5 retry/app'),
  line('stopped/app', 'docker run -d --restart=no stopped/app'),
  line(
    'ulimits/app',
    'docker run -d --ulimit nofile=1024:2048 --ulimit nproc=512 --ulimit core=0 ulimits/app',
  ),
  line(
    'bench/fio',
    'docker run --rm --blkio-weight-device /dev/sda:300 --device-read-bps /dev/sda:1mb --device-write-bps=/dev/sda:10MB --device-read-iops /dev/sda:1000 --device-write-iops /dev/sda:500 bench/fio',
  ),

  // --- options that name another container, and the rest of the runtime options
  line(
    'backup/app',
    'docker run --rm --volumes-from berth-oracle-peer:ro -v /tmp:/backup backup/app tar cvf /backup/backup.tar /data',
  ),
  line('legacy/app', 'docker run -d --link berth-oracle-peer:db --link berth-oracle-peer legacy/app'),
  line(
    'sidecar/app',
    'docker run -d --network container:berth-oracle-peer --pid container:berth-oracle-peer --ipc container:berth-oracle-peer sidecar/app',
  ),
  line('linked/app', 'docker run -d --network berth-oracle-net --link berth-oracle-peer:db linked/app'),
  line(
    'runtime/app',
    'docker run -d --runtime runc --cgroupns private --cgroup-parent berth-oracle.slice --oom-kill-disable --userns host runtime/app',
  ),
  line('nocache/app', 'docker run -d --volume-driver local -v oracle-driven:/data nocache/app'),

  // --- spellings: clusters, =, repeats, --, env without quotes, entrypoint, create, attach, platform, pull
  line(
    'busybox:1.36',
    'docker run -dit --name=spell1 --env=A=1 --env B=2 -eC=3 -l x=1 --label=y= -lz busybox:1.36',
  ),
  line('busybox:1.35', 'docker run -itd -p127.0.0.1:8111:80 -v/tmp:/t -w/t -uroot busybox:1.35 -- echo -d'),
  line(
    'busybox:1.34',
    'docker run -d --entrypoint /bin/sh busybox:1.34 -c "while true; do date; sleep 5; done"',
  ),
  line('busybox:1.33', 'docker run -d --entrypoint="" busybox:1.33 echo empty entrypoint'),
  line('busybox:1.32', 'docker create -a stdout -a stderr -i --name attached busybox:1.32'),
  line('busybox:1.31', 'docker container create -t -a stdin busybox:1.31'),
  line('busybox:1.30', 'docker run -d --platform linux/amd64 --pull never busybox:1.30'),
  line(
    'busybox:1.29',
    'docker run -d --pull=missing --rm=false --privileged=false --tty=false busybox:1.29 -- sh',
  ),
  line(
    'busybox:1.28',
    'sudo docker run -d --name spell2 --name spell3 -e KEY="a value with = and spaces" busybox:1.28',
  ),
  line('busybox:1.27', 'docker run -d -e \'JSON={"a": [1, 2]}\' -e EMPTY= busybox:1.27'),
];
