// The complete engine: TLS 1.3 and 1.2, every group and AEAD, path validation. Import this (or a subset of the
// use-*.ts modules, for builds that must stay small) before connecting.
import "./use-tls13"
import "./use-x25519"
import "./use-p256"
import "./use-p384"
import "./use-aesgcm"
import "./use-chacha"
import "./use-tls12"
import "./use-pathcheck"
