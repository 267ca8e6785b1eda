/**
 * kind's cluster config format, kind.x-k8s.io/v1alpha4, written from the Go types of kind's
 * pkg/apis/config/v1alpha4/types.go (field names, types and enums), and a small checker: kind reads
 * the file strictly, so an unknown field is an error, as is a value of the wrong type or outside
 * its enum. Also the checks kind makes before it creates a cluster that our export can get wrong:
 * a control-plane node first, pod and service subnets that are CIDRs and do not overlap.
 */
import { cidrsOverlap, parseCidr } from '../../src/core/net/ipv4.ts';

type Schema =
  | { readonly type: 'string'; readonly enum?: readonly string[] }
  | { readonly type: 'bool' }
  | { readonly type: 'int32' }
  | { readonly type: 'array'; readonly items: Schema }
  | { readonly type: 'map'; readonly values: Schema }
  | { readonly type: 'object'; readonly fields: Readonly<Record<string, Schema>>; readonly required?: readonly string[] };

const str: Schema = { type: 'string' };
const strings: Schema = { type: 'array', items: str };
const patchJson6902: Schema = {
  type: 'object',
  fields: { group: str, version: str, kind: str, patch: str },
  required: ['group', 'version', 'kind', 'patch'],
};

const node: Schema = {
  type: 'object',
  fields: {
    role: { type: 'string', enum: ['control-plane', 'worker'] },
    image: str,
    labels: { type: 'map', values: str },
    extraMounts: {
      type: 'array',
      items: {
        type: 'object',
        fields: {
          containerPath: str,
          hostPath: str,
          readOnly: { type: 'bool' },
          selinuxRelabel: { type: 'bool' },
          propagation: { type: 'string', enum: ['None', 'HostToContainer', 'Bidirectional'] },
        },
      },
    },
    extraPortMappings: {
      type: 'array',
      items: {
        type: 'object',
        fields: {
          containerPort: { type: 'int32' },
          hostPort: { type: 'int32' },
          listenAddress: str,
          protocol: { type: 'string', enum: ['TCP', 'UDP', 'SCTP'] },
        },
      },
    },
    gpus: str,
    kubeadmConfigPatches: strings,
    kubeadmConfigPatchesJSON6902: { type: 'array', items: patchJson6902 },
  },
};

export const KIND_V1ALPHA4: Schema = {
  type: 'object',
  required: ['kind', 'apiVersion'],
  fields: {
    kind: { type: 'string', enum: ['Cluster'] },
    apiVersion: { type: 'string', enum: ['kind.x-k8s.io/v1alpha4'] },
    name: str,
    nodes: { type: 'array', items: node },
    networking: {
      type: 'object',
      fields: {
        ipFamily: { type: 'string', enum: ['ipv4', 'ipv6', 'dual'] },
        apiServerPort: { type: 'int32' },
        apiServerAddress: str,
        podSubnet: str,
        serviceSubnet: str,
        disableDefaultCNI: { type: 'bool' },
        kubeProxyMode: { type: 'string', enum: ['iptables', 'ipvs', 'nftables', 'none'] },
        dnsSearch: strings,
      },
    },
    featureGates: { type: 'map', values: { type: 'bool' } },
    runtimeConfig: { type: 'map', values: str },
    kubeadmConfigPatches: strings,
    kubeadmConfigPatchesJSON6902: { type: 'array', items: patchJson6902 },
    containerdConfigPatches: strings,
    containerdConfigPatchesJSON6902: strings,
  },
};

function check(schema: Schema, value: unknown, path: string, errors: string[]): void {
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') errors.push(`${path}: want a string`);
      else if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: "${value}" is not one of ${schema.enum.join(', ')}`);
      return;
    case 'bool':
      if (typeof value !== 'boolean') errors.push(`${path}: want true or false`);
      return;
    case 'int32':
      if (!Number.isInteger(value) || (value as number) < -(2 ** 31) || (value as number) >= 2 ** 31)
        errors.push(`${path}: want a 32-bit integer`);
      return;
    case 'array':
      if (!Array.isArray(value)) errors.push(`${path}: want a list`);
      else value.forEach((v, i) => check(schema.items, v, `${path}[${i}]`, errors));
      return;
    case 'map':
      if (!isObject) errors.push(`${path}: want a map`);
      else for (const [k, v] of Object.entries(value)) check(schema.values, v, `${path}.${k}`, errors);
      return;
    case 'object':
      if (!isObject) {
        errors.push(`${path}: want an object`);
        return;
      }
      for (const [k, v] of Object.entries(value)) {
        const field = schema.fields[k];
        if (!field) errors.push(`${path}.${k}: unknown field`);
        else check(field, v, `${path}.${k}`, errors);
      }
      for (const k of schema.required ?? []) if (!(k in value)) errors.push(`${path}.${k}: required`);
  }
}

/** The problems kind would find in a config (empty when it takes it). */
export function kindConfigProblems(config: unknown): string[] {
  const errors: string[] = [];
  check(KIND_V1ALPHA4, config, 'config', errors);
  const c = config as { nodes?: { role?: string }[]; networking?: { podSubnet?: string; serviceSubnet?: string } };
  if (c.nodes && c.nodes.length > 0 && !c.nodes.some((n) => (n.role ?? 'control-plane') === 'control-plane'))
    errors.push('config.nodes: must have at least one control-plane node');
  const pod = c.networking?.podSubnet === undefined ? undefined : parseCidr(c.networking.podSubnet, true);
  const svc = c.networking?.serviceSubnet === undefined ? undefined : parseCidr(c.networking.serviceSubnet, true);
  if (c.networking?.podSubnet !== undefined && !pod) errors.push('config.networking.podSubnet: not a CIDR');
  if (c.networking?.serviceSubnet !== undefined && !svc) errors.push('config.networking.serviceSubnet: not a CIDR');
  if (pod && svc && cidrsOverlap(pod, svc)) errors.push('config.networking: podSubnet and serviceSubnet overlap');
  return errors;
}
