/**
 * The part of a Service's status the playground reads: the load balancer's addresses, as a cloud
 * provider reports them (status.loadBalancer.ingress). The generated schema leaves every root's
 * status out; this puts this one field back, in the same form.
 */
import type { TypeSchema } from './schema-types.ts';

export function withServiceStatus(types: Readonly<Record<string, TypeSchema>>): Record<string, TypeSchema> {
  const service = types.V1Service!;
  return {
    V1Service: {
      ...service,
      properties: {
        ...service.properties,
        status: {
          type: 'object',
          ref: 'V1ServiceStatus',
          description: 'The most recently observed status of the service, as the cloud provider reports its load balancer.',
        },
      },
    },
    V1ServiceStatus: {
      description: 'ServiceStatus represents the current status of a service.',
      required: [],
      properties: {
        loadBalancer: {
          type: 'object',
          ref: 'V1LoadBalancerStatus',
          description: 'LoadBalancer contains the current status of the load-balancer, if one is present.',
        },
      },
    },
    V1LoadBalancerStatus: {
      description: 'LoadBalancerStatus represents the status of a load-balancer.',
      required: [],
      properties: {
        ingress: {
          type: 'array',
          items: { type: 'object', ref: 'V1LoadBalancerIngress' },
          description: 'Ingress is a list containing ingress points for the load-balancer.',
        },
      },
    },
    V1LoadBalancerIngress: {
      description: 'LoadBalancerIngress represents the status of a load-balancer ingress point.',
      required: [],
      properties: {
        ip: { type: 'string', description: 'IP is set for load-balancer ingress points that are IP based.' },
        hostname: { type: 'string', description: 'Hostname is set for load-balancer ingress points that are DNS based.' },
      },
    },
  };
}
