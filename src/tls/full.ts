// The complete engine: every group, AEAD and TLS 1.2. Import this (or a subset of use-*.ts) before connecting.
import "./use-x25519"
import "./use-p256"
import "./use-p384"
import "./use-aesgcm"
import "./use-chacha"
import "./use-tls12"
import "./use-pathcheck"
