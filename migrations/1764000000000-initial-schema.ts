import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The intent model, revisions, IPAM guarantees and API tokens. */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    const intentColumns = `
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL`;

    await q.query(`CREATE TABLE intent_head (id integer PRIMARY KEY, revision bigint NOT NULL)`);
    await q.query(`INSERT INTO intent_head (id, revision) VALUES (1, 0)`);

    await q.query(`CREATE TABLE fabrics (${intentColumns},
      name text NOT NULL UNIQUE,
      description text NOT NULL DEFAULT '',
      asn bigint NOT NULL CHECK (asn BETWEEN 1 AND 4294967295),
      underlay_protocol text NOT NULL DEFAULT 'ebgp' CHECK (underlay_protocol IN ('ebgp','ibgp')),
      vni_min integer NOT NULL, vni_max integer NOT NULL,
      vlan_min integer NOT NULL, vlan_max integer NOT NULL,
      anycast_gateway_mac text NOT NULL,
      CHECK (vni_min BETWEEN 1 AND 16777214 AND vni_max BETWEEN vni_min AND 16777214),
      CHECK (vlan_min BETWEEN 1 AND 4094 AND vlan_max BETWEEN vlan_min AND 4094))`);

    await q.query(`CREATE TABLE devices (${intentColumns},
      fabric_id uuid NOT NULL REFERENCES fabrics(id),
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('spine','leaf','border-leaf','vswitch')),
      platform text NOT NULL,
      management_host text NOT NULL,
      management_port integer NOT NULL CHECK (management_port BETWEEN 1 AND 65535),
      username text NOT NULL,
      password_sealed text,
      asn bigint NOT NULL CHECK (asn BETWEEN 1 AND 4294967295),
      loopback_ip text NOT NULL,
      vtep_ip text,
      UNIQUE (fabric_id, name),
      UNIQUE (fabric_id, loopback_ip))`);

    await q.query(`CREATE TABLE links (${intentColumns},
      fabric_id uuid NOT NULL REFERENCES fabrics(id),
      a_device_id uuid NOT NULL REFERENCES devices(id),
      a_interface text NOT NULL,
      b_device_id uuid NOT NULL REFERENCES devices(id),
      b_interface text NOT NULL,
      UNIQUE (a_device_id, a_interface),
      UNIQUE (b_device_id, b_interface))`);

    await q.query(`CREATE TABLE tenants (${intentColumns},
      name text NOT NULL UNIQUE,
      description text NOT NULL DEFAULT '')`);

    await q.query(`CREATE TABLE vpcs (${intentColumns},
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      fabric_id uuid NOT NULL REFERENCES fabrics(id),
      name text NOT NULL,
      vrf_name text NOT NULL,
      l3_vni integer NOT NULL,
      route_distinguisher text NOT NULL,
      import_route_targets text[] NOT NULL,
      export_route_targets text[] NOT NULL,
      cidrs text[] NOT NULL,
      attachment_mode text NOT NULL CHECK (attachment_mode IN ('l2-bridge','l3-route')),
      route_suppression boolean NOT NULL,
      ip_block_prefix_length integer NOT NULL,
      UNIQUE (tenant_id, name),
      UNIQUE (fabric_id, vrf_name),
      UNIQUE (fabric_id, l3_vni))`);

    await q.query(`CREATE TABLE vni_allocations (
      fabric_id uuid NOT NULL REFERENCES fabrics(id),
      vni integer NOT NULL CHECK (vni BETWEEN 1 AND 16777214),
      owner_kind text NOT NULL,
      owner_id uuid NOT NULL,
      PRIMARY KEY (fabric_id, vni))`);

    await q.query(`CREATE TABLE logical_switches (${intentColumns},
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      vpc_id uuid NOT NULL REFERENCES vpcs(id),
      name text NOT NULL,
      l2_vni integer NOT NULL,
      subnet text NOT NULL,
      gateway_ip text NOT NULL,
      gateway_mac text NOT NULL,
      arp_suppression boolean NOT NULL,
      route_distinguisher text NOT NULL,
      import_route_targets text[] NOT NULL,
      export_route_targets text[] NOT NULL,
      UNIQUE (vpc_id, name))`);

    await q.query(`CREATE TABLE logical_routers (${intentColumns},
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      vpc_id uuid NOT NULL UNIQUE REFERENCES vpcs(id),
      name text NOT NULL,
      interfaces jsonb NOT NULL DEFAULT '[]',
      static_routes jsonb NOT NULL DEFAULT '[]',
      interconnections jsonb NOT NULL DEFAULT '[]')`);

    await q.query(`CREATE TABLE container_nodes (${intentColumns},
      fabric_id uuid NOT NULL REFERENCES fabrics(id),
      name text NOT NULL,
      leaf_device_id uuid NOT NULL REFERENCES devices(id),
      leaf_interface text NOT NULL,
      mode text NOT NULL CHECK (mode IN ('l2-bridge','l3-route')),
      asn bigint CHECK (asn BETWEEN 1 AND 4294967295),
      peer_ip text,
      UNIQUE (fabric_id, name),
      UNIQUE (leaf_device_id, leaf_interface))`);

    await q.query(`CREATE TABLE ip_blocks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      container_node_id uuid NOT NULL REFERENCES container_nodes(id),
      logical_switch_id uuid NOT NULL REFERENCES logical_switches(id),
      vpc_id uuid NOT NULL REFERENCES vpcs(id),
      cidr text NOT NULL,
      UNIQUE (logical_switch_id, cidr))`);

    await q.query(`CREATE TABLE logical_ports (${intentColumns},
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      vpc_id uuid NOT NULL REFERENCES vpcs(id),
      logical_switch_id uuid NOT NULL REFERENCES logical_switches(id),
      name text NOT NULL,
      ip text NOT NULL,
      mac text NOT NULL,
      ip_mode text NOT NULL CHECK (ip_mode IN ('fixed','allocated')),
      binding_kind text CHECK (binding_kind IN ('leaf-interface','container-node')),
      device_id uuid REFERENCES devices(id),
      interface_name text,
      vlan integer CHECK (vlan BETWEEN 1 AND 4094),
      container_node_id uuid REFERENCES container_nodes(id),
      route_exception boolean NOT NULL DEFAULT false,
      labels jsonb NOT NULL DEFAULT '{}',
      owner_kind text, owner_name text, owner_uid text,
      UNIQUE (logical_switch_id, name),
      UNIQUE (logical_switch_id, ip),
      UNIQUE (logical_switch_id, mac))`);
    await q.query(`CREATE INDEX logical_ports_vpc_idx ON logical_ports (vpc_id)`);
    await q.query(`CREATE INDEX logical_ports_node_idx ON logical_ports (container_node_id)`);
    await q.query(`CREATE INDEX logical_ports_device_idx ON logical_ports (device_id, interface_name)`);

    await q.query(`CREATE TABLE security_policies (${intentColumns},
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      vpc_id uuid NOT NULL REFERENCES vpcs(id),
      name text NOT NULL,
      applies_to jsonb NOT NULL DEFAULT '{}',
      rules jsonb NOT NULL DEFAULT '[]',
      default_action text NOT NULL DEFAULT 'deny' CHECK (default_action IN ('allow','deny')),
      UNIQUE (vpc_id, name))`);

    await q.query(`CREATE TABLE external_gateways (${intentColumns},
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      vpc_id uuid NOT NULL REFERENCES vpcs(id),
      name text NOT NULL,
      border_leaf_ids uuid[] NOT NULL,
      snat_pool text[] NOT NULL,
      elastic_ips jsonb NOT NULL DEFAULT '[]',
      UNIQUE (vpc_id, name))`);

    await q.query(`CREATE TABLE revisions (
      number bigint PRIMARY KEY,
      created_at timestamptz NOT NULL DEFAULT now(),
      actor_token_id uuid,
      actor_name text NOT NULL,
      summary text NOT NULL,
      tenant_id uuid,
      changes jsonb NOT NULL)`);
    await q.query(`CREATE INDEX revisions_tenant_idx ON revisions (tenant_id, number)`);

    await q.query(`CREATE TABLE api_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      prefix text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin','operator','viewer')),
      tenant_id uuid REFERENCES tenants(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz,
      revoked_at timestamptz,
      CHECK (tenant_id IS NULL OR role <> 'admin'))`);

    for (const t of ['devices', 'links', 'vpcs', 'logical_switches', 'logical_routers', 'container_nodes', 'security_policies', 'external_gateways']) {
      const col = ['devices', 'links', 'vpcs', 'container_nodes'].includes(t) ? 'fabric_id' : 'vpc_id';
      if (t === 'vpcs') await q.query(`CREATE INDEX vpcs_tenant_idx ON vpcs (tenant_id)`);
      if (t !== 'logical_routers') await q.query(`CREATE INDEX ${t}_${col}_idx ON ${t} (${col})`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'api_tokens', 'revisions', 'external_gateways', 'security_policies', 'logical_ports', 'ip_blocks',
      'container_nodes', 'logical_routers', 'logical_switches', 'vni_allocations', 'vpcs', 'tenants',
      'links', 'devices', 'fabrics', 'intent_head',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
